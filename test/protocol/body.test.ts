/**
 * The body a flow reads and the size it is recorded with: every encoding we decode, bodies of
 * several gzip members (RFC 1952 allows them; a size read off the last ISIZE trailer would see only
 * the last member), and the status and checks that fail a request with their message.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bodyContains, jsonField, status } from '../../src/flow-api/checks.js';
import { Response, decodeBody, encodingOf, failedResponse, needsDecoding } from '../../src/protocol/body.js';
import type { RawResponse } from '../../src/protocol/exchange.js';
import { judge } from '../../src/protocol/judge.js';

function raw(body: Buffer, headers: RawResponse['headers'] = {}, split = 1, statusCode = 200): RawResponse {
  const size = Math.max(1, Math.ceil(body.length / split));
  const chunks = Array.from({ length: split }, (_, i) => body.subarray(i * size, (i + 1) * size)).filter((c) => c.length > 0);
  return { status: statusCode, headers, chunks, wireBytes: body.length };
}

/** 50,000 bytes, then 10 more, each its own gzip member, concatenated as a server may send them. */
const first = Buffer.alloc(50_000, 'journal entry ');
const second = Buffer.from('0123456789');
const twoMembers = Buffer.concat([gzipSync(first), gzipSync(second)]);

async function decoded(body: Buffer, encoding: string, split = 1): Promise<Response> {
  const r = raw(body, { 'content-encoding': encoding }, split);
  return new Response(r, await decodeBody(r, encodingOf(r)));
}

describe('the decoded size of a compressed body', () => {
  it('counts every member of a multi-member gzip body: 50,000 B + 10 B is 50,010 B, not the last 10 B', async () => {
    const res = await decoded(twoMembers, 'gzip', 5);
    expect(res.decodedBytes).toBe(50_010);
    expect(res.wireBytes).toBe(twoMembers.length);
    expect(res.text()).toBe(`${first.toString('utf8')}0123456789`);
  });

  it('decodes x-gzip as gzip and deflate as zlib-wrapped deflate', async () => {
    expect((await decoded(twoMembers, 'x-gzip')).decodedBytes).toBe(50_010);
    const res = await decoded(deflateSync(first), 'deflate', 3);
    expect(res.decodedBytes).toBe(50_000);
    expect(res.text()).toBe(first.toString('utf8'));
  });

  it('reads the encoding label trimmed and in any case, and an absent one as identity', () => {
    expect(encodingOf(raw(twoMembers, { 'content-encoding': ' GZip ' }))).toBe('gzip');
    expect(encodingOf(raw(twoMembers))).toBe('');
    expect(encodingOf(raw(twoMembers, { 'content-encoding': ['gzip', 'br'] as unknown as string }))).toBe('');
  });

  it('decodes only a non-empty body of a known encoding; an identity body is its wire bytes', async () => {
    expect(needsDecoding(raw(twoMembers), 'gzip')).toBe(true);
    expect(needsDecoding(raw(twoMembers), 'x-gzip')).toBe(true);
    expect(needsDecoding(raw(twoMembers), 'deflate')).toBe(true);
    expect(needsDecoding(raw(twoMembers), 'br')).toBe(true);
    expect(needsDecoding(raw(twoMembers), 'zstd')).toBe(false);
    expect(needsDecoding(raw(twoMembers), '')).toBe(false);
    expect(needsDecoding(raw(Buffer.alloc(0)), 'gzip')).toBe(false);
    expect((await decodeBody(raw(Buffer.alloc(0)), 'gzip')).length).toBe(0);
    expect((await decodeBody(raw(twoMembers, {}, 4), 'zstd')).equals(twoMembers)).toBe(true);
    const identity = new Response(raw(first, {}, 4), null);
    expect(identity.decodedBytes).toBe(50_000);
    expect(identity.text()).toBe(first.toString('utf8'));
    expect(identity.text()).toBe(first.toString('utf8'));
  });

  it('parses JSON once and gives a failed response no body', () => {
    const res = new Response(raw(Buffer.from('{"a":{"b":[7]}}')), null);
    expect(res.json()).toBe(res.json());
    expect(res.json<{ a: { b: number[] } }>().a.b[0]).toBe(7);
    const failed = failedResponse('connection reset (ECONNRESET)');
    expect(failed).toMatchObject({ status: 0, ok: false, error: 'connection reset (ECONNRESET)', wireBytes: 0, decodedBytes: 0 });
    expect(failed.text()).toBe('');
    expect(() => failed.json()).toThrow('no response body (connection reset (ECONNRESET))');
  });
});

function answer(body: string, statusCode = 200): Response {
  return new Response(raw(Buffer.from(body), {}, 1, statusCode), null);
}

describe('judge: a request fails on its status, then on its first failing check, with that message', () => {
  it('fails a status of 400 and up by default, and passes 399', () => {
    const bad = answer('', 400);
    judge(bad, {});
    expect([bad.ok, bad.error]).toEqual([false, 'HTTP 400']);
    const fine = answer('', 399);
    judge(fine, {});
    expect([fine.ok, fine.error]).toEqual([true, null]);
  });

  it('takes an expected status, or a list of them, instead', () => {
    const notFound = answer('', 404);
    judge(notFound, { expect: 404 });
    expect(notFound.ok).toBe(true);
    const created = answer('', 200);
    judge(created, { expect: 201 });
    expect([created.ok, created.error]).toEqual([false, 'HTTP 200']);
    const listed = answer('', 409);
    judge(listed, { expect: [200, 409] });
    expect(listed.ok).toBe(true);
    const unlisted = answer('', 500);
    judge(unlisted, { expect: [200, 409] });
    expect(unlisted.error).toBe('HTTP 500');
  });

  it('runs no check once the status failed, and stops at the first check that fails', () => {
    const seen: string[] = [];
    const check = (name: string, message: string | null) => () => (seen.push(name), message);
    const res = answer('{}');
    judge(res, { checks: [check('a', null), check('b', 'b failed'), check('c', 'c failed')] });
    expect([res.ok, res.error, seen]).toEqual([false, 'b failed', ['a', 'b']]);
    const late = answer('', 503);
    judge(late, { checks: [check('d', 'd failed')] });
    expect([late.error, seen]).toEqual(['HTTP 503', ['a', 'b']]);
    const passing = answer('{}');
    judge(passing, { checks: [check('e', null)] });
    expect([passing.ok, passing.error]).toEqual([true, null]);
  });
});

describe('the flow checks, each failing a request with its message', () => {
  it('status() passes the listed codes and names the others', () => {
    expect(status(200, 201)(answer('', 201))).toBeNull();
    expect(status(200, 201)(answer('', 204))).toBe('status 204, expected 200 or 201');
  });

  it('bodyContains() passes a body with the text and names the missing text', () => {
    expect(bodyContains('"ok"')(answer('{"state":"ok"}'))).toBeNull();
    expect(bodyContains('"ok"')(answer('{"state":"down"}'))).toBe('body does not contain "\\"ok\\""');
  });

  it('jsonField() follows a dotted path through arrays, and names a missing field, a failed test and a body that is not JSON', () => {
    const body = '{"results":[{"id":7,"name":"Anna"}],"count":0,"none":null}';
    expect(jsonField('results.0.id')(answer(body))).toBeNull();
    expect(jsonField('count')(answer(body))).toBeNull();
    expect(jsonField('results.0.id', (v) => v === 7)(answer(body))).toBeNull();
    expect(jsonField('results.0.id', (v) => v === 8)(answer(body))).toBe('JSON field results.0.id failed its check (value 7)');
    expect(jsonField('results.1.id')(answer(body))).toBe('JSON field results.1.id is missing');
    expect(jsonField('results.0.email')(answer(body))).toBe('JSON field results.0.email is missing');
    expect(jsonField('results.0.email', () => true)(answer(body))).toBe('JSON field results.0.email is missing');
    expect(jsonField('none.id')(answer(body))).toBe('JSON field none.id is missing');
    expect(jsonField('count.id')(answer(body))).toBe('JSON field count.id is missing');
    expect(jsonField('results.0.name', () => false)(answer(body))).toBe('JSON field results.0.name failed its check (value "Anna")');
    expect(jsonField('name', () => false)(answer(`{"name":"${'x'.repeat(100)}"}`))).toBe(`JSON field name failed its check (value "${'x'.repeat(59)})`);
    expect(jsonField('results')(answer('<html>'))).toBe('body is not JSON (wanted field results)');
  });
});
