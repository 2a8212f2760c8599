/**
 * Console output of the CLI: results always, progress lines only on a terminal (CI logs stay
 * quiet). Everything goes to stderr except the summary, so stdout can be piped.
 */
export class Reporter {
  private readonly interactive: boolean;

  constructor(private readonly quiet = false) {
    this.interactive = Boolean(process.stderr.isTTY) && !process.env.CI;
  }

  progress(message: string): void {
    if (this.interactive && !this.quiet) process.stderr.write(`${message}\n`);
  }

  info(message: string): void {
    if (!this.quiet) process.stderr.write(`${message}\n`);
  }

  error(message: string): void {
    process.stderr.write(`${message}\n`);
  }

  summary(message: string): void {
    process.stdout.write(`${message}\n`);
  }
}
