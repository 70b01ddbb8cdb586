/** The CSS width of an element, so charts draw in real pixels (crisp text at any zoom, not a scaled picture). */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export function useWidth<T extends HTMLElement>(fallback = 560): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = el.getBoundingClientRect().width;
      if (w > 0) setWidth(Math.round(w));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Every how many hours to label the hour axis so labels do not collide. */
export function hourLabelStep(band: number, labelWidth = 22): number {
  return [1, 2, 3, 4, 6, 12].find((step) => band * step >= labelWidth) ?? 12;
}
