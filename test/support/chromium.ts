import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * Real headless Chromium for page tests, driven over the DevTools protocol through
 * `--remote-debugging-pipe` (JSON messages separated by NUL on file descriptors 3 and 4), so no
 * npm package and no WebSocket are needed. Debian's `chromium` package is what CI installs.
 *
 * @example
 * ```ts
 * before(function () { chromium = requireChromium(this); });
 * const page = await openPage(chromium, pathToFileURL('target/report.html').href);
 * try {
 *   const svgs = await page.evaluate<number>('document.querySelectorAll("svg").length');
 *   assert.deepEqual(page.problems(), []);
 *   await page.screenshot('target/test-out/report.png');
 * } finally {
 *   await page.close();
 * }
 * ```
 */

/** Where Chromium was found, or why it was not. */
export type ChromiumLookup = { path: string; reason?: undefined } | { path?: undefined; reason: string };

/** Something the page logged: console calls, uncaught exceptions and browser log entries (CSP, network). */
export type PageMessage = { source: 'console' | 'exception' | 'log'; level: string; text: string };

export type PageOptions = {
  width?: number;
  height?: number;
  /** Milliseconds to wait for the page's load event (default 30 s). */
  timeoutMs?: number;
  /** false: the page's own scripts do not run (as in an untrusted notebook); evaluate() still works. */
  javaScript?: boolean;
};

export type ScreenshotOptions = {
  /** The whole page rather than the viewport (default true). */
  fullPage?: boolean;
  /** Only the first element matching this CSS selector. */
  selector?: string;
};

export type ChromiumPage = {
  /** Evaluates a JavaScript expression in the page and returns its (JSON) value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Everything the page logged so far. */
  messages: PageMessage[];
  /** URLs the page requested (the page itself included). */
  requests: string[];
  /** Messages at error level (console.error, exceptions, failed loads, CSP violations) and warnings. */
  problems(): PageMessage[];
  /** Writes a PNG of the whole page (the default), of the viewport (`fullPage: false`) or of one element. */
  screenshot(file: string, options?: ScreenshotOptions): Promise<void>;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
};

const candidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Finds Chromium: $CHROMIUM_PATH, then the usual Debian and Google paths. */
export function findChromium(): ChromiumLookup {
  const fromEnv = process.env.CHROMIUM_PATH;
  for (const path of fromEnv ? [fromEnv] : candidates) {
    try {
      accessSync(path, constants.X_OK);
      return { path };
    } catch {}
  }
  const where = fromEnv
    ? `CHROMIUM_PATH=${fromEnv} is not an executable`
    : `none of ${candidates.join(', ')} exists`;
  return { reason: `Chromium is not installed (${where}); install it with \`apt-get install -y chromium\`.` };
}

/** Chromium's path, or skips the calling test or suite (saying why) when it is not installed. */
export function requireChromium(context: Mocha.Context): string {
  const lookup = findChromium();
  if (lookup.path !== undefined) return lookup.path;
  console.log(`      skipped: ${lookup.reason}`);
  context.skip();
  throw new Error('unreachable: mocha skip() throws');
}

/** Launches a fresh headless Chromium, opens `url` and waits for its load event. */
export async function openPage(
  chromiumPath: string,
  url: string,
  options: PageOptions = {},
): Promise<ChromiumPage> {
  const width = options.width ?? 1280;
  const height = options.height ?? 900;
  const profile = await mkdtemp(join(tmpdir(), 'etl-workbook-chromium-'));
  const child = spawn(chromiumPath, [...launchFlags(profile, width, height), 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const cdp = new CdpPipe(child);
  try {
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    const page = pageSession(cdp, sessionId, async () => {
      await cdp.send('Browser.close').catch(() => undefined);
      await cdp.exited(5000);
      await rm(profile, { recursive: true, force: true });
    });
    for (const domain of ['Page', 'Runtime', 'Log', 'Network'])
      await cdp.send(`${domain}.enable`, {}, sessionId);
    await cdp.send(
      'Emulation.setDeviceMetricsOverride',
      { width, height, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
    if (options.javaScript === false)
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true }, sessionId);
    const loaded = cdp.waitFor('Page.loadEventFired', sessionId, options.timeoutMs ?? 30_000);
    const navigation = await cdp.send<{ errorText?: string }>('Page.navigate', { url }, sessionId);
    if (navigation.errorText) throw new Error(`Chromium could not open ${url}: ${navigation.errorText}`);
    await loaded;
    return page;
  } catch (error) {
    cdp.kill();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

function launchFlags(profile: string, width: number, height: number): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
    '--password-store=basic',
    '--use-mock-keychain',
    '--hide-scrollbars',
    '--mute-audio',
    `--window-size=${width},${height}`,
    `--user-data-dir=${profile}`,
    '--remote-debugging-pipe',
  ];
}

function pageSession(cdp: CdpPipe, sessionId: string, shutdown: () => Promise<void>): ChromiumPage {
  const messages: PageMessage[] = [];
  const requests: string[] = [];
  cdp.on(sessionId, (method, params) => {
    if (method === 'Runtime.consoleAPICalled') {
      const args = (params.args as { value?: unknown; description?: string }[]) ?? [];
      const text = args
        .map((arg) => (arg.value !== undefined ? String(arg.value) : (arg.description ?? '')))
        .join(' ');
      messages.push({ source: 'console', level: String(params.type), text });
    } else if (method === 'Runtime.exceptionThrown') {
      const details = params.exceptionDetails as { text?: string; exception?: { description?: string } };
      messages.push({
        source: 'exception',
        level: 'error',
        text: details.exception?.description ?? details.text ?? '',
      });
    } else if (method === 'Log.entryAdded') {
      const entry = params.entry as { level: string; text: string; url?: string };
      messages.push({
        source: 'log',
        level: entry.level,
        text: entry.url ? `${entry.text} (${entry.url})` : entry.text,
      });
    } else if (method === 'Network.requestWillBeSent') {
      requests.push(String((params.request as { url: string }).url));
    }
  });
  let closed = false;
  return {
    messages,
    requests,
    problems: () => messages.filter((m) => ['error', 'warning', 'assert'].includes(m.level)),
    async evaluate<T>(expression: string): Promise<T> {
      const result = await cdp.send<{ result: { value?: unknown }; exceptionDetails?: { text: string } }>(
        'Runtime.evaluate',
        { expression, returnByValue: true, awaitPromise: true },
        sessionId,
      );
      if (result.exceptionDetails)
        throw new Error(`evaluate(${expression}): ${result.exceptionDetails.text}`);
      return result.result.value as T;
    },
    async screenshot(file: string, options: ScreenshotOptions = {}): Promise<void> {
      const params: Record<string, unknown> = { format: 'png' };
      if (options.selector !== undefined) {
        const box = await this.evaluate<{ x: number; y: number; width: number; height: number } | null>(
          `(() => { const e = document.querySelector(${JSON.stringify(options.selector)}); if (!e) return null;
            const r = e.getBoundingClientRect();
            return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height }; })()`,
        );
        if (box === null) throw new Error(`screenshot: no element matches ${options.selector}`);
        params.captureBeyondViewport = true;
        params.clip = { ...box, scale: 1 };
      } else if (options.fullPage ?? true) {
        const metrics = await cdp.send<{ cssContentSize: { width: number; height: number } }>(
          'Page.getLayoutMetrics',
          {},
          sessionId,
        );
        const { width, height } = metrics.cssContentSize;
        params.captureBeyondViewport = true;
        params.clip = { x: 0, y: 0, width: Math.ceil(width), height: Math.ceil(height), scale: 1 };
      }
      const shot = await cdp.send<{ data: string }>('Page.captureScreenshot', params, sessionId);
      await writeFile(file, Buffer.from(shot.data, 'base64'));
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await shutdown();
    },
  };
}

type Listener = (method: string, params: Record<string, unknown>) => void;
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string };

/** The DevTools protocol over Chromium's pipe: commands with ids, replies and session events. */
class CdpPipe {
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private stderr = '';
  private exitError: Error | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: { sessionId: string; listener: Listener }[] = [];
  private readonly exit: Promise<void>;

  constructor(private readonly child: ChildProcess) {
    const output = child.stdio[4] as Readable;
    output.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.exit = new Promise((resolve) => {
      const fail = (reason: string) => {
        this.exitError = new Error(`Chromium ${reason}. Its last output:\n${this.stderr}`);
        for (const pending of this.pending.values()) pending.reject(this.exitError);
        this.pending.clear();
        resolve();
      };
      child.on('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal})`));
      child.on('error', (error) => fail(`could not start: ${error.message}`));
    });
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    const message = JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params });
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      (this.child.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  on(sessionId: string, listener: Listener): void {
    this.listeners.push({ sessionId, listener });
  }

  waitFor(method: string, sessionId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Chromium: no ${method} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.on(sessionId, (event) => {
        if (event !== method) return;
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Waits for the process to end, killing it after `timeoutMs`. */
  async exited(timeoutMs: number): Promise<void> {
    const timer = setTimeout(() => this.kill(), timeoutMs);
    await this.exit;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let end = this.buffer.indexOf(0); end !== -1; end = this.buffer.indexOf(0)) {
      const message = JSON.parse(this.buffer.subarray(0, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 1);
      this.dispatch(message);
    }
  }

  private dispatch(message: {
    id?: number;
    method?: string;
    params?: Record<string, unknown>;
    sessionId?: string;
    result?: unknown;
    error?: { message: string };
  }): void {
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!pending) return;
      if (message.error) pending.reject(new Error(`Chromium ${pending.method}: ${message.error.message}`));
      else pending.resolve(message.result);
      return;
    }
    for (const { sessionId, listener } of this.listeners) {
      if (message.method && message.sessionId === sessionId) listener(message.method, message.params ?? {});
    }
  }
}
