/**
 * A user's cookies, like a browser session against one host: the last value of each cookie
 * name wins, and a Max-Age=0 or empty value removes it. One host per run, so no domain or path
 * matching is needed.
 */
export class CookieJar {
  private readonly values = new Map<string, string>();
  private header = '';

  /** The Cookie request header, or '' when the jar is empty. */
  get cookieHeader(): string {
    return this.header;
  }

  /** Takes the Set-Cookie header(s) of a response. */
  store(setCookie: string | string[] | undefined): void {
    if (setCookie === undefined) return;
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const pair = line.split(';', 1)[0];
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /;\s*max-age=0/i.test(line)) this.values.delete(name);
      else this.values.set(name, value);
    }
    this.header = [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
