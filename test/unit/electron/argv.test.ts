import { describe, expect, it } from 'vitest';
import { launchData, parseArgv, secondLaunchCommands } from '../../../main/hosts/electron/argv.js';

const electron = ['/opt/Mantra/mantra'];
const dev = ['/usr/lib/electron/electron', '/home/u/mantra'];

describe('parseArgv', () => {
  it('picks our flags out of Electron and Chromium ones', () => {
    expect(parseArgv([...dev, '--answer'])).toEqual({ commands: [{ kind: 'answer' }], hidden: false, problems: [] });
    expect(parseArgv([...electron, '--allow-file-access-from-files', '--deliver-now', '--original-process-start-time=1', '--settings']).commands).toEqual([
      { kind: 'deliverNow' },
      { kind: 'settings' },
    ]);
    expect(parseArgv([...electron, '--resume', '--quit']).commands).toEqual([{ kind: 'resume' }, { kind: 'quit' }]);
    expect(parseArgv([...electron, '--hidden'])).toEqual({ commands: [], hidden: true, problems: [] });
    expect(parseArgv(electron)).toEqual({ commands: [], hidden: false, problems: [] });
  });

  it.each([
    ['1h', { minutes: 60 }],
    ['30m', { minutes: 30 }],
    ['90min', { minutes: 90 }],
    ['2H', { minutes: 120 }],
    ['tomorrow', { until: 'tomorrow' }],
    ['morning', { until: 'morning' }],
    ['2026-12-24T18:00', { until: new Date(2026, 11, 24, 18, 0).getTime() }],
    ['2027-01-02', { until: new Date(2027, 0, 2).getTime() }],
    ['indefinitely', { indefinitely: true }],
  ])('--pause %s', (value, input) => {
    expect(parseArgv([...electron, '--pause', value]).commands).toEqual([{ kind: 'pause', input }]);
    expect(parseArgv([...electron, `--pause=${value}`]).commands).toEqual([{ kind: 'pause', input }]);
  });

  it('a bad or missing pause value is a problem, not a command; the next flag is still read', () => {
    const bad = parseArgv([...electron, '--pause', 'soon', '--answer']);
    expect(bad.commands).toEqual([{ kind: 'answer' }]);
    expect(bad.problems).toEqual(['--pause: "soon" is not a pause: use 30m, 1h, 2h, 1d, tomorrow, morning, a date such as 2026-12-24T18:00, or indefinitely']);
    expect(parseArgv([...electron, '--pause', '2026-02-30']).problems).toEqual(['--pause: "2026-02-30" is not a date']);
    const missing = parseArgv([...electron, '--pause', '--settings']);
    expect(missing.commands).toEqual([{ kind: 'settings' }]);
    expect(missing.problems).toHaveLength(1);
    expect(parseArgv([...electron, '--pause']).problems).toHaveLength(1);
    expect(parseArgv([...electron, '--pause', '0m']).problems).toHaveLength(1);
    expect(parseArgv([...electron, '--pause', '999999h']).problems).toHaveLength(1);
  });

  it('--snooze and --quiet-hours', () => {
    expect(parseArgv([...electron, '--snooze', '10m', '--snooze=1h']).commands).toEqual([
      { kind: 'snooze', input: { minutes: 10 } },
      { kind: 'snooze', input: { minutes: 60 } },
    ]);
    expect(parseArgv([...electron, '--quiet-hours', '22:00-07:00 weekdays, 13:00-14:00']).commands).toEqual([
      {
        kind: 'quietHours',
        windows: [
          { from: '22:00', to: '07:00', days: 'weekdays' },
          { from: '13:00', to: '14:00', days: 'all' },
        ],
      },
    ]);
    expect(parseArgv([...electron, '--quiet-hours', 'off']).commands).toEqual([{ kind: 'quietHours', windows: [] }]);
    expect(parseArgv([...electron, '--quiet-hours', '22:00-22:00']).problems).toEqual(['--quiet-hours: a quiet window must not start and end at the same time']);
    expect(parseArgv([...electron, '--quiet-hours', 'nights']).problems[0]).toMatch(/"nights" is not a quiet window/);
    expect(parseArgv([...electron, '--snooze', 'later']).problems).toEqual(['--snooze: "later" is not a snooze: use 10m, 30m or 1h']);
  });

  it('--pause ends in the contract shape', () => {
    expect(parseArgv([...electron, '--pause', ' 45m ']).commands).toEqual([{ kind: 'pause', input: { minutes: 45 } }]);
    // One grammar with Discord and the CLI (shared/pause.ts): days and weeks are pauses too.
    expect(parseArgv([...electron, '--pause', '1d']).commands).toEqual([{ kind: 'pause', input: { minutes: 1440 } }]);
    expect(parseArgv([...electron, '--pause', '1x']).problems).toHaveLength(1);
  });

  it('--pause reads a date in the zone this computer is in when the flag arrives', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'America/St_Johns';
      // 18:00 in Newfoundland in December is 21:30 UTC.
      expect(parseArgv([...electron, '--pause', '2026-12-24T18:00']).commands).toEqual([{ kind: 'pause', input: { until: Date.UTC(2026, 11, 24, 21, 30) } }]);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('second-instance forwarding', () => {
  it('the first instance reads the commands the second one attached', () => {
    const second = parseArgv([...electron, '--pause', '1h', '--answer']);
    const data = launchData(second);
    // What Electron hands over is a structured clone; the argv may come reordered.
    expect(secondLaunchCommands(['/opt/Mantra/mantra', '--answer', '1h', '--pause'], structuredClone(data))).toEqual([{ kind: 'pause', input: { minutes: 60 } }, { kind: 'answer' }]);
  });

  it('falls back to the argv when no (or foreign) data came along', () => {
    expect(secondLaunchCommands([...electron, '--deliver-now'], undefined)).toEqual([{ kind: 'deliverNow' }]);
    expect(secondLaunchCommands([...electron, '--settings'], { commands: [{ kind: 'quit' }] })).toEqual([{ kind: 'settings' }]);
  });

  it('refuses forged data: unknown commands or a pause outside the contract', () => {
    expect(secondLaunchCommands(electron, { mantra: 1, commands: [{ kind: 'eval', code: 'x' }] })).toEqual([]);
    expect(secondLaunchCommands(electron, { mantra: 1, commands: [{ kind: 'pause', input: { minutes: -1 } }] })).toEqual([]);
    expect(secondLaunchCommands(electron, { mantra: 1, commands: Array.from({ length: 100 }, () => ({ kind: 'answer' })) })).toEqual([]);
  });

  it('a plain second launch carries no commands (the shell then opens the fitting window)', () => {
    expect(secondLaunchCommands(electron, launchData(parseArgv(electron)))).toEqual([]);
  });
});
