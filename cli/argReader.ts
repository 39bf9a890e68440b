/**
 * Reads a command line one argument at a time, as every ipc-check command takes it: `--flag value`
 * and `--flag=value` alike, and a following argument that looks like an option is never taken as
 * the value (`--out --json` is a missing path, not a directory named `--json`; write `--out=--json`
 * for that).
 */

/**
 * A cursor over `argv`: {@link ArgReader.next} moves to the next argument and splits
 * `--flag=value`; {@link ArgReader.value} takes the current option's value.
 *
 * @example
 * const at = new ArgReader(['--set', 'n=3', '--out=dir']);
 * at.next(); at.arg; // '--set'
 * at.value(); // 'n=3'
 * at.next(); [at.arg, at.inline]; // ['--out', 'dir']
 */
export class ArgReader {
  /** The argument as given. */
  raw = '';
  /** The option name (before any `=`), or the whole argument. */
  arg = '';
  /** The value after `=` in `--flag=value`, if any. */
  inline: string | undefined;
  private i = -1;

  constructor(private readonly argv: readonly string[]) {}

  /** Moves to the next argument; false when there is none. */
  next(): boolean {
    this.i++;
    if (this.i >= this.argv.length) return false;
    const raw = this.argv[this.i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    this.raw = raw;
    this.arg = eq > 0 ? raw.slice(0, eq) : raw;
    this.inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    return true;
  }

  /** The current option's value: after its `=`, else the next argument unless that looks like an option. */
  value(): string | undefined {
    if (this.inline !== undefined) return this.inline;
    const next = this.argv[this.i + 1];
    if (next === undefined || (next.startsWith('--') && next.length > 2)) return undefined;
    this.i++;
    return next;
  }
}
