/** Every failure a page shows, in words a user understands. */

const PREFIX = /^invalid input for \w+: /;

function sentence(text: string): string {
  const trimmed = text.trim().replace(PREFIX, '');
  if (!trimmed) return 'Something went wrong.';
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export function errorWords(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  switch (code) {
    case 'unauthorized':
      return 'This page is not signed in to Mantra. Open the link (with its token) that Mantra printed when it started.';
    case 'invalid-input':
      return `That was not accepted: ${sentence(message).replace(/^./, (c) => c.toLowerCase())}`;
    case 'not-found':
      return `Not found: ${sentence(message).replace(/^./, (c) => c.toLowerCase())}`;
    case 'internal':
      if (/^cannot reach/i.test(message)) return sentence(message);
      return message ? `Mantra had a problem: ${sentence(message).replace(/^./, (c) => c.toLowerCase())}` : 'Mantra had a problem. Try again.';
    default:
      if (error instanceof TypeError && /fetch|network/i.test(message)) return 'Cannot reach Mantra. Is it still running?';
      return sentence(message || 'Something went wrong. Try again.');
  }
}
