import { Help, type Command, type Option } from 'commander';
import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/text.js';

/** The section titles commander's help prints, and their messages. */
const TITLES: Record<string, (lang: Lang) => string> = {
  'Usage:': (l) => t(l, 'commander.usage'),
  'Options:': (l) => t(l, 'commander.options'),
  'Commands:': (l) => t(l, 'commander.commands'),
  'Arguments:': (l) => t(l, 'commander.arguments'),
  'Global Options:': (l) => t(l, 'commander.globalOptions'),
};

/**
 * commander's own error lines (commander 14, lib/command.js and lib/suggestSimilar.js), each
 * with the message that says it in another language and the names of its captured parts.
 */
const ERRORS: [RegExp, (lang: Lang, m: RegExpExecArray) => string][] = [
  [/^error: unknown option '(.+?)'/, (l, m) => t(l, 'commander.unknownOption', { flag: m[1] })],
  [/^error: unknown command '(.+?)'/, (l, m) => t(l, 'commander.unknownCommand', { name: m[1] })],
  [/^error: missing required argument '(.+?)'/, (l, m) => t(l, 'commander.missingArgument', { name: m[1] })],
  [/^error: option '(.+?)' argument missing/, (l, m) => t(l, 'commander.optionArgumentMissing', { flag: m[1] })],
  [
    /^error: option '(.+?)' argument '(.*?)' is invalid\./,
    (l, m) => t(l, 'commander.invalidArgument', { flag: m[1], value: m[2] }),
  ],
  [
    /^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./,
    (l, m) => t(l, 'commander.tooManyArguments', { expected: Number(m[2]), got: Number(m[3]) }),
  ],
  [/^\(Did you mean (?:one of )?(.+)\?\)/, (l, m) => t(l, 'commander.didYouMean', { names: m[1] })],
];

/**
 * commander's error output in `lang`: each line it knows (see {@link ERRORS}) in the catalog's
 * words, any other line as it is.
 */
export function commanderErrorIn(lang: Lang, text: string): string {
  return text
    .split('\n')
    .map((line) => {
      for (const [pattern, say] of ERRORS) {
        const m = pattern.exec(line);
        if (m) return say(lang, m);
      }
      return line;
    })
    .join('\n');
}

/** commander's `[options]` and `[command]` in a usage line, in the catalog's words. */
const placeholders = (lang: Lang, usage: string): string =>
  usage.replace('[options]', t(lang, 'commander.optionsTerm')).replace('[command]', t(lang, 'commander.commandTerm'));

/**
 * Makes commander speak `lang` in what it writes itself: help section titles, the help option
 * and command, "(default: ...)" after an option, and its usage errors. Call it on the program
 * before adding commands, which inherit these settings.
 */
export function speakCommander(program: Command, lang: Lang): void {
  program.helpOption('-h, --help', t(lang, 'commander.helpOption'));
  program.helpCommand('help [command]', t(lang, 'commander.helpCommand'));
  if (lang === 'en') return; // commander's own words are English
  program.configureHelp({
    styleTitle: (title: string) => TITLES[title]?.(lang) ?? title,
    commandUsage: (cmd: Command) => placeholders(lang, Help.prototype.commandUsage.call(new Help(), cmd)),
    subcommandTerm: (cmd: Command) => placeholders(lang, Help.prototype.subcommandTerm.call(new Help(), cmd)),
    optionDescription(this: Help, option: Option): string {
      return Help.prototype.optionDescription
        .call(this, option)
        .replace(/\(default: (.*)\)$/, (_all, value: string) => t(lang, 'commander.default', { value }));
    },
  });
  program.configureOutput({ outputError: (text, write) => write(commanderErrorIn(lang, text)) });
}
