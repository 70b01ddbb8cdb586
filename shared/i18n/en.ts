/**
 * English: the source catalog. Keys are grouped by where they show; German and Spanish
 * must have exactly these keys (the `Catalog` type checks it). Plurals use i18next's
 * `_one` / `_other` suffixes with `count`.
 */
export const en = {
  app: {
    skip: 'Skip to content',
    pages: 'Pages',
    menu: 'Menu',
    closeMenu: 'Close menu',
    delivery: 'Delivery: {{label}}',
    statusPending: 'A mantra is waiting',
    statusWaiting: 'On',
    statusPaused: 'Paused',
    statusOff: 'Off',
    titleSuffix: '{{title}} · Mantra',
  },
  pages: {
    welcome: 'Welcome',
    answer: 'Answer',
    schedule: 'Schedule',
    curve: 'Curve',
    stats: 'Stats',
    themes: 'Themes',
    discord: 'Discord',
  },
  status: {
    loading: 'Loading {{what}}…',
    loadingState: "Mantra's state",
    tryAgain: 'Try again',
    saved: 'Saved.',
  },
  errors: {
    generic: 'Something went wrong.',
    genericRetry: 'Something went wrong. Try again.',
    unauthorized: 'This page is not signed in to Mantra. Open the link (with its token) that Mantra printed when it started.',
    invalid: 'That was not accepted: {{detail}}',
    notFound: 'Not found: {{detail}}',
    internal: 'Mantra had a problem: {{detail}}',
    internalBare: 'Mantra had a problem. Try again.',
    unreachable: 'Cannot reach Mantra. Is it still running?',
  },
  time: {
    seconds: '{{n}} s',
    minutes: '{{n}} min',
    hours: '{{n}} h',
    hoursMinutes: '{{h}} h {{m}} min',
    days_one: '{{count}} day',
    days_other: '{{count}} days',
    now: 'now',
    in: 'in {{duration}}',
    ago: '{{duration}} ago',
    percent: '{{n}} %',
  },
  language: {
    title: 'Language and clock',
    label: 'Language',
    system: 'As the system or browser ({{name}})',
    hourCycle: 'Clock',
    hourCycleAuto: 'As usual for the language ({{example}})',
    hourCycle12: '12-hour ({{example}})',
    hourCycle24: '24-hour ({{example}})',
    hint: 'The window, notifications, tray menu and Discord messages use this language.',
  },
};

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
/** The shape every language must fill. */
export type Catalog = Strings<typeof en>;
