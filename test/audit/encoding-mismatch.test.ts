/**
 * encoding-mismatch from the run's failures: the decode faults the protocol users recorded, one
 * finding per (method, route), with the encoding that failed most.
 */
import { describe, expect, it } from 'vitest';
import { encodingMismatches, routeKey } from '../../src/audit/encoding-mismatch.js';
import { DECODE_FAULT_PREFIX } from '../../src/schema/audit.js';
import type { FailureEntry } from '../../src/schema/summary.js';

const failure = (method: string, name: string, error: string, occurrences: number): FailureEntry => ({ method, name, error, occurrences, firstSeen: 0, lastSeen: 0 });

describe('encodingMismatches', () => {
  it('finds decode faults by their name, per method and route, with the encoding they carried', () => {
    const found = encodingMismatches([
      failure('GET', '/a', `${DECODE_FAULT_PREFIX}gzip (Z_DATA_ERROR)`, 3),
      failure('POST', '/a', `${DECODE_FAULT_PREFIX}br (ERR)`, 1),
      failure('GET', '/b', 'HTTP 500', 7),
      failure('GET', '/c', `server said: ${DECODE_FAULT_PREFIX}gzip`, 2),
    ]);
    expect([...found]).toEqual([
      ['GET /a', { code: 'encoding-mismatch', encoding: 'gzip', responses: 3 }],
      ['POST /a', { code: 'encoding-mismatch', encoding: 'br', responses: 1 }],
    ]);
  });

  it('adds up a route failing in two encodings and names the one that failed more than the one before', () => {
    const more = encodingMismatches([failure('GET', '/a', `${DECODE_FAULT_PREFIX}gzip (x)`, 2), failure('GET', '/a', `${DECODE_FAULT_PREFIX}deflate (x)`, 5)]);
    expect(more.get('GET /a')).toEqual({ code: 'encoding-mismatch', encoding: 'deflate', responses: 7 });
    const tie = encodingMismatches([failure('GET', '/a', `${DECODE_FAULT_PREFIX}gzip (x)`, 2), failure('GET', '/a', `${DECODE_FAULT_PREFIX}deflate (x)`, 2)]);
    expect(tie.get('GET /a')).toEqual({ code: 'encoding-mismatch', encoding: 'gzip', responses: 4 });
  });

  it('keys a route without a method by its name alone', () => {
    expect(routeKey(undefined, '/a')).toBe(' /a');
    expect(routeKey('GET', '/a')).toBe('GET /a');
  });
});
