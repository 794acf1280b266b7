/**
 * Starting Chromium with the settings of playwright.config.ts, finding its process for CPU/RSS
 * sampling, and relaunching it when it dies.
 *
 * Profile: Playwright's `launch()` refuses a `--user-data-dir` argument (it points to
 * launchPersistentContext) and instead creates a fresh temporary profile per launch
 * (os.tmpdir()/playwright_chromiumdev_profile-*) that it deletes on close; every context on top of
 * it is incognito-like. That is the fresh profile we want, so we leave it to Playwright.
 */
import { randomUUID } from 'node:crypto';
import { accessSync, constants, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { browserSettings, chromiumPath } from '../../playwright.config.js';
import { CannotRunError } from '../errors.js';

const INSTALL_HINT = 'install it with `apt-get install chromium-headless-shell` (`make browse-load` does), or set CHROMIUM_PATH';

/** The Chromium binary to drive, or a CannotRunError that says how to get one. */
export function resolveExecutable(explicit?: string): string {
  const path = explicit ?? chromiumPath();
  if (!path) throw new CannotRunError(`Chromium not found: ${INSTALL_HINT}`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new CannotRunError(`Chromium not found at ${path}: ${INSTALL_HINT}`);
  }
  return path;
}

export interface LaunchedBrowser {
  browser: Browser;
  /** Process id of Chromium's browser process (root of its process tree), when found. */
  pid: number | null;
  launchMs: number;
}

/** Launches Chromium; a marker switch on its command line lets us find its pid in /proc. */
export async function launchChromium(executablePath: string): Promise<LaunchedBrowser> {
  const marker = `--browse-load-pool=${randomUUID()}`;
  const started = performance.now();
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: browserSettings.headless,
      args: [...browserSettings.args, marker],
      timeout: 30_000,
      // The runner owns Ctrl-C and SIGTERM (graceful stop, results written); Playwright's default
      // would kill Chromium first, which the pool would take for a crash. Chromium still exits
      // with its pipe when Node does.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new CannotRunError(`Chromium at ${executablePath} did not start: ${first}`);
  }
  return { browser, pid: findMarkedProcess(marker), launchMs: performance.now() - started };
}

const SHELLS = new Set(['sh', 'dash', 'bash']);

/**
 * The Chromium browser process carrying the marker. Debian's /usr/bin/chromium* are shell scripts
 * that run the real binary as a child, so the topmost marked process that is not a shell wins.
 */
export function findMarkedProcess(marker: string): number | null {
  const marked = new Map<number, { ppid: number; shell: boolean }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      if (!cmdline.includes(marker)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      let shell = false;
      try {
        shell = SHELLS.has(basename(readlinkSync(`/proc/${entry}/exe`)));
      } catch {
        shell = SHELLS.has(basename(cmdline.split('\0')[0]));
      }
      marked.set(Number(entry), { ppid, shell });
    } catch {
      // the process went away while we read it
    }
  }
  for (const [pid, info] of marked) {
    if (info.shell) continue;
    const parent = marked.get(info.ppid);
    if (!parent || parent.shell) return pid;
  }
  return null;
}

/**
 * The pool's one browser. Holds the current instance; when it disconnects without being asked
 * to, counts a crash and launches a new one (users wait for `current()`).
 */
export class BrowserHost {
  private launched: LaunchedBrowser | null = null;
  private relaunching: Promise<LaunchedBrowser> | null = null;
  private closing = false;
  private failed: Error | null = null;
  /** Bumped on every launch; a user whose context belongs to an older generation rebuilds it. */
  generation = 0;
  version = '';

  constructor(
    readonly executablePath: string,
    private readonly onCrash: () => void,
    private readonly onLog: (message: string) => void = () => {},
  ) {}

  async start(): Promise<LaunchedBrowser> {
    return this.adopt(await launchChromium(this.executablePath));
  }

  /** The live browser, waiting for a relaunch in progress. */
  async current(): Promise<Browser> {
    if (this.relaunching) return (await this.relaunching).browser;
    if (this.failed) throw this.failed;
    if (!this.launched) throw new Error('browser not started');
    return this.launched.browser;
  }

  /** True once a relaunch gave up: the users end. */
  get broken(): boolean {
    return this.failed !== null;
  }

  pids(): number[] {
    return this.launched?.pid ? [this.launched.pid] : [];
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.relaunching?.catch(() => undefined);
    await this.launched?.browser.close().catch(() => undefined);
  }

  private adopt(launched: LaunchedBrowser): LaunchedBrowser {
    this.launched = launched;
    this.generation++;
    this.version = launched.browser.version();
    launched.browser.on('disconnected', () => {
      if (this.closing || this.launched !== launched) return;
      this.onCrash();
      const relaunch = this.relaunch();
      this.relaunching = relaunch;
      relaunch.then(
        () => (this.relaunching = null),
        (error: Error) => {
          this.failed = error;
          this.relaunching = null;
          this.onLog(`browser could not be relaunched: ${error.message}`);
        },
      );
    });
    return launched;
  }

  private async relaunch(): Promise<LaunchedBrowser> {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.adopt(await launchChromium(this.executablePath));
      } catch (error) {
        if (this.closing || attempt >= 5) throw error;
        this.onLog(`browser relaunch failed (attempt ${attempt}): ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }
}
