import { describe, expect, it } from 'vitest';
import { COMMANDS, isCommand, soleCommand } from '../../src/cli/commands/registry.js';
import { buildProgram } from '../../src/cli/main.js';

/** The global flags with a value, as main.ts derives them from the program. */
const VALUE_OPTIONS = new Set(['--kubeconfig', '--context', '-n', '--namespace', '--lang']);

describe('loading only the command being run', () => {
  it('finds the command name after global options and their values', () => {
    expect(soleCommand(['check', 'replicaset'], VALUE_OPTIONS)).toBe('check');
    expect(soleCommand(['--kubeconfig', '/tmp/k', '--context', 'kind', 'check', 'replicaset'], VALUE_OPTIONS)).toBe(
      'check',
    );
    expect(soleCommand(['-n', 'check', 'list'], VALUE_OPTIONS)).toBe('list'); // "check" is -n's value here
    expect(soleCommand(['--kubeconfig=/tmp/k', '--debug', 'hint', 'pods'], VALUE_OPTIONS)).toBe('hint');
  });

  it('loads every command for help, typos, completion or no command', () => {
    for (const argv of [
      [],
      ['--help'],
      ['help', 'check'],
      ['chek', 'replicaset'],
      ['completion', 'bash'],
      ['-n', 'x'],
    ]) {
      expect(soleCommand(argv, VALUE_OPTIONS), argv.join(' ')).toBeUndefined();
    }
  });

  it('takes no name every object inherits for a command', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(isCommand(name), name).toBe(false);
      expect(soleCommand([name], VALUE_OPTIONS), name).toBeUndefined(); // so commander says "unknown command"
    }
    expect(isCommand('check')).toBe(true);
  });

  it('registers just that command, or all of them in the order the help lists them', async () => {
    expect((await buildProgram(['check', 'replicaset'])).commands.map((c) => c.name())).toEqual(['check']);
    expect((await buildProgram(['reset', 'replicaset'])).commands.map((c) => c.name())).toEqual(['start', 'reset']);
    // The value of a global flag (read off the program's own options) is not the command.
    expect((await buildProgram(['-n', 'check', '--lang', 'ko', 'list'])).commands.map((c) => c.name())).toEqual([
      'list',
    ]);
    const all = (await buildProgram(['--help'])).commands.map((c) => c.name());
    expect(all).toEqual(Object.keys(COMMANDS));
  });
});
