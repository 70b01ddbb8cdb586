/** Component tests: a clean DOM after each test, and the browser APIs jsdom lacks. */
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// The window follows the browser's language; these tests read English with a 24-hour clock (en-GB).
Object.defineProperty(window.navigator, 'languages', { value: ['en-GB', 'en'], configurable: true });
Object.defineProperty(window.navigator, 'language', { value: 'en-GB', configurable: true });

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  window.location.hash = '';
});

// jsdom has no layout: charts fall back to a fixed width, and nothing observes resizes.
if (!('ResizeObserver' in globalThis)) {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

// jsdom's Blob has no text(); every browser Mantra runs in has.
if (typeof Blob.prototype.text !== 'function') {
  Blob.prototype.text = function text(this: Blob): Promise<string> {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsText(this);
    });
  };
}
