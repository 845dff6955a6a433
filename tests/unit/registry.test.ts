import { describe, expect, it } from 'vitest';
import { COMMANDS, soleCommand } from '../../src/cli/commands/registry.js';
import { buildProgram } from '../../src/cli/main.js';

describe('loading only the command being run', () => {
  it('finds the command name after global options and their values', () => {
    expect(soleCommand(['check', 'replicaset'])).toBe('check');
    expect(soleCommand(['--kubeconfig', '/tmp/k', '--context', 'kind', 'check', 'replicaset'])).toBe('check');
    expect(soleCommand(['-n', 'check', 'list'])).toBe('list'); // "check" is -n's value here
    expect(soleCommand(['--kubeconfig=/tmp/k', '--debug', 'hint', 'pods'])).toBe('hint');
  });

  it('loads every command for help, typos, completion or no command', () => {
    for (const argv of [[], ['--help'], ['help', 'check'], ['chek', 'replicaset'], ['completion', 'bash'], ['-n', 'x']]) {
      expect(soleCommand(argv), argv.join(' ')).toBeUndefined();
    }
  });

  it('registers just that command, or all of them in the order the help lists them', async () => {
    expect((await buildProgram(['check', 'replicaset'])).commands.map((c) => c.name())).toEqual(['check']);
    expect((await buildProgram(['reset', 'replicaset'])).commands.map((c) => c.name())).toEqual(['start', 'reset']);
    const all = (await buildProgram(['--help'])).commands.map((c) => c.name());
    expect(all).toEqual(Object.keys(COMMANDS));
  });
});
