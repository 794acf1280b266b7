/**
 * The configuration file alone: which file is read, Locust's `key = value` lines and TOML as
 * entries with where each was written, and each malformed file's one-line problem.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile, locustEntries, readConfigFile, tomlEntries } from '../../src/config/config-file.js';
import { tempDir } from '../helpers.js';
import { usageMessage } from '../result/usage-message.js';

/** A folder holding these files. */
function folderWith(files: Record<string, string>): string {
  const dir = tempDir('browse-load-config-file-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}


describe('findConfigFile', () => {
  it('takes the first of browse-load.toml, browse-load.conf and locust.conf, or none', () => {
    expect(findConfigFile(undefined, folderWith({}))).toBeNull();
    const dir = folderWith({ 'locust.conf': '', 'browse-load.conf': '' });
    expect(findConfigFile(undefined, dir)).toBe(join(dir, 'browse-load.conf'));
    const all = folderWith({ 'locust.conf': '', 'browse-load.conf': '', 'browse-load.toml': '' });
    expect(findConfigFile(undefined, all)).toBe(join(all, 'browse-load.toml'));
    expect(findConfigFile(undefined, folderWith({ 'locust.conf': '' }))).toMatch(/locust\.conf$/);
  });

  it('takes a given file relative to the folder, whatever its name, and refuses a missing one', () => {
    const dir = folderWith({ 'mine.ini': '', 'locust.conf': '' });
    expect(findConfigFile('mine.ini', dir)).toBe(join(dir, 'mine.ini'));
    expect(findConfigFile(join(dir, 'mine.ini'), '/')).toBe(join(dir, 'mine.ini'));
    expect(usageMessage(() => findConfigFile('other.conf', dir))).toBe('--config: no such file other.conf');
  });
});

describe("Locust's format", () => {
  it('reads key = value lines with their line numbers, skipping blanks, comments and sections', () => {
    const text = ['# a comment', '', '[locust]', 'users = 5', '  ; another', 'run_time=45s', 'tags = read write', 'host = http://h/?a=b'].join('\r\n');
    expect(locustEntries(text, 'locust.conf')).toEqual([
      { key: 'users', values: ['5'], where: 'locust.conf line 4' },
      { key: 'run_time', values: ['45s'], where: 'locust.conf line 6' },
      { key: 'tags', values: ['read write'], where: 'locust.conf line 7' },
      { key: 'host', values: ['http://h/?a=b'], where: 'locust.conf line 8' },
    ]);
  });

  it("reads configargparse's [a, b] lists, unquoting items and dropping empty ones", () => {
    expect(locustEntries("tags = [read, 'write', \"admin\", ]\nempty = []\nodd = ['x\"]", 'c')).toEqual([
      { key: 'tags', values: ['read', 'write', 'admin'], where: 'c line 1' },
      { key: 'empty', values: [], where: 'c line 2' },
      { key: 'odd', values: ['\'x"'], where: 'c line 3' },
    ]);
    expect(locustEntries('url = [/a] [/b]\nv = x [y]\nw = [a] b', 'c').map((e) => e.values)).toEqual([['/a] [/b'], ['x [y]'], ['[a] b']]);
    expect(locustEntries("tags = [a'b', 'x'y, \"q\"]", 'c')[0]!.values).toEqual(["a'b'", "'x'y", 'q']);
  });

  it('keeps an empty value and a line that only looks like a section', () => {
    expect(locustEntries('csv =\n[a]b = 1', 'c')).toEqual([
      { key: 'csv', values: [''], where: 'c line 1' },
      { key: '[a]b', values: ['1'], where: 'c line 2' },
    ]);
  });

  it('refuses a line that is no setting, naming the file and line', () => {
    expect(usageMessage(() => locustEntries('users = 5\nusers 5', 'locust.conf'))).toBe("locust.conf line 2: wants 'key = value', got 'users 5'");
    expect(usageMessage(() => locustEntries('= 5', 'locust.conf'))).toBe("locust.conf line 1: wants 'key = value', got '= 5'");
  });
});

describe('TOML', () => {
  it('reads top-level strings, numbers, booleans and lists of them, each naming its key', () => {
    const text = 'users = 6\nrun-time = "1m"\nonly-summary = true\ntags = ["read", "write"]\nrate = 2.5\nlimit = -3';
    expect(tomlEntries(text, 'browse-load.toml')).toEqual([
      { key: 'users', values: ['6'], where: 'browse-load.toml, key users' },
      { key: 'run-time', values: ['1m'], where: 'browse-load.toml, key run-time' },
      { key: 'only-summary', values: [true], where: 'browse-load.toml, key only-summary' },
      { key: 'tags', values: ['read', 'write'], where: 'browse-load.toml, key tags' },
      { key: 'rate', values: ['2.5'], where: 'browse-load.toml, key rate' },
      { key: 'limit', values: ['-3'], where: 'browse-load.toml, key limit' },
    ]);
  });

  it('refuses a table or a date, naming the key', () => {
    const wanted = 'wants a string, a number, true/false or a list of them';
    expect(usageMessage(() => tomlEntries('[web]\nport = 1', 'b.toml'))).toBe(`b.toml, key web: ${wanted}`);
    expect(usageMessage(() => tomlEntries('start = 2026-12-01T12:00:00Z', 'b.toml'))).toBe(`b.toml, key start: ${wanted}`);
    expect(usageMessage(() => tomlEntries('list = [{ a = 1 }]', 'b.toml'))).toBe(`b.toml, key list: ${wanted}`);
  });

  it('refuses text that is not TOML, in one line with the line of the mistake', () => {
    const message = usageMessage(() => tomlEntries('users = 5\nusers = [\n', 'browse-load.toml'));
    expect(message).toBe('browse-load.toml: not valid TOML (line 2: Invalid TOML document: trying to redefine an already defined table or value)');
  });
});

describe('readConfigFile', () => {
  it('reads .toml as TOML and any other name in Locust\'s format, naming the file without its folder', () => {
    const dir = folderWith({ 'b.toml': 'users = 3\n', 'b.conf': 'users = 3\n', 'b.ini': 'users = "3"\n' });
    expect(readConfigFile(join(dir, 'b.toml'))).toEqual([{ key: 'users', values: ['3'], where: 'b.toml, key users' }]);
    expect(readConfigFile(join(dir, 'b.conf'))).toEqual([{ key: 'users', values: ['3'], where: 'b.conf line 1' }]);
    expect(readConfigFile(join(dir, 'b.ini'))).toEqual([{ key: 'users', values: ['"3"'], where: 'b.ini line 1' }]);
  });

  it('says in one line when the file cannot be read', () => {
    const dir = folderWith({});
    mkdirSync(join(dir, 'locust.conf'));
    const message = usageMessage(() => readConfigFile(join(dir, 'locust.conf')));
    expect(message).toBe(`--config: cannot read ${join(dir, 'locust.conf')}: EISDIR: illegal operation on a directory, read`);
  });
});
