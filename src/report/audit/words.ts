/**
 * The audit in words: the audit's findings and compression evidence carry codes and numbers
 * (src/schema/audit.ts); this is the one place that turns them into sentences, with sizes
 * formatted as every report formats them.
 */
import { bytes as kb, duration, int } from '../format.js';
import type { AuditFinding, AuditResource, CacheOutcome, ClientSide, CompressionEvidence, SavingMethod, TimeSaved, ValidatorCause } from '../../schema/audit.js';

const SIDE_NAME: Record<ClientSide, string> = { browser: 'the browser', protocol: 'protocol users' };

const METHOD_WORDS: Record<SavingMethod, string> = {
  're-gzip': 'gzip of the body',
  'observed-ratio': 'the ratio it reached when it did arrive compressed',
  'type-estimate': 'a conservative ratio for its type',
};

const OUTCOME_WORDS: Record<CacheOutcome, string> = {
  hit: 'served from the browser cache',
  revalidated: 'revalidated (304)',
  refetched: 'fetched again in full',
  'not-repeated': 'not repeated',
};

const NO_VALIDATOR_WORDS: Record<Extract<AuditFinding, { code: 'no-validator' }>['subject'], string> = {
  'static-asset': 'static asset without ETag or Last-Modified: once stale it can only be downloaded again, never revalidated',
  'static-route': 'static asset without ETag or Last-Modified: conditional repeats always get the full body',
  'html-page': 'HTML page without ETag or Last-Modified, fetched in full on every view; a validator would turn repeats into 304s',
  'get-route': 'GET route answers without ETag or Last-Modified: conditional repeats always transfer the full body',
};

const CAUSE_WORDS: Record<ValidatorCause, string> = {
  'etag-per-encoding': 'the compressed response has another ETag than the identity one (a compression layer\'s suffix, like Apache mod_deflate\'s -gzip) and the server does not match it back',
  'etag-per-request': 'every answer carries a new ETag (made per request, or per server behind a balancer)',
  'conditional-ignored': 'the server ignores If-None-Match / If-Modified-Since',
};

/** A lifetime as people say it: days from one day up, else hours, minutes and seconds. */
export function lifetimeWords(seconds: number): string {
  if (seconds >= 86_400) {
    const days = Math.round((seconds / 86_400) * 10) / 10;
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  return duration(seconds);
}

function shortLifetime(f: Extract<AuditFinding, { code: 'short-cache-lifetime' }>): string {
  const notes = [f.immutable ? 'marked immutable' : '', f.fingerprinted ? 'its name is fingerprinted, so a year is safe' : ''].filter(Boolean);
  return `cached for ${lifetimeWords(f.lifetimeS)} (${f.source}): a repeat visit finds it fresh with probability ${Math.round(f.hitProbability * 100)} % (Lighthouse's uses-long-cache-ttl), wasting ${kb(f.wastedBytes)} per visit on average${notes.length ? `; ${notes.join(', ')}` : ''}`;
}

function noLifetime(f: Extract<AuditFinding, { code: 'no-cache-lifetime' }>): string {
  const heuristic = f.heuristicS === null ? 'no Last-Modified either, so browsers do not keep it fresh at all' : `browsers keep it fresh only heuristically, for ${lifetimeWords(f.heuristicS)} (10 % of its age since Last-Modified)`;
  return `no max-age and no Expires: ${heuristic}; a repeat visit wastes ${kb(f.wastedBytes)}${f.fingerprinted ? '; its name is fingerprinted, so max-age=31536000, immutable is safe' : ''}`;
}

function validatorIgnored(f: Extract<AuditFinding, { code: 'validator-ignored' }>): string {
  const etags = f.cause === 'etag-per-encoding' && f.identityEtag !== null ? ` (${f.sentEtag} compressed, ${f.identityEtag} identity)`
    : f.cause === 'etag-per-request' ? ` (sent ${f.sentEtag}, got ${f.answerEtag})` : '';
  return `a conditional GET with its own validators got ${f.status} and the full body: ${CAUSE_WORDS[f.cause]}${etags}; every revalidation is a full download`;
}

function decodedOnTheWay(f: Extract<AuditFinding, { code: 'decoded-on-the-way' }>): string {
  const who = SIDE_NAME[f.side];
  if (f.via === 'over-network-header') {
    return `the server sends it ${f.serverEncoding}, but a proxy or antivirus in front of ${who} decodes it (X-Content-Encoding-Over-Network); not a server fault`;
  }
  return `${SIDE_NAME[f.otherSide]} got it ${f.otherEncoding} but ${who} got it uncompressed (${kb(f.savingBytes)} more per load): a proxy or antivirus on ${who}'s path decodes it, or the server answers the two clients differently; the server does compress`;
}

/** "1,234 ms on slow-4g, 180 ms on dense-4g": a saving in time per profile; '' without profiles. */
export function timeSavedWords(saved: readonly TimeSaved[] | undefined): string {
  return (saved ?? []).map((t) => `${int(t.ms)} ms on ${t.profile}`).join(', ');
}

/** One sentence for a person, naming the evidence. */
export function findingSentence(f: AuditFinding): string {
  switch (f.code) {
    case 'encoding-mismatch':
      return `${f.responses} response${f.responses === 1 ? '' : 's'} labelled Content-Encoding: ${f.encoding} did not decode as ${f.encoding}; browsers fail on such a body (ERR_CONTENT_DECODING_FAILED)`;
    case 'should-compress':
      return `sent uncompressed to ${SIDE_NAME[f.side]}: gzip would save ${kb(f.savingBytes)} of ${kb(f.decodedBytes)} (${f.sharePct} %) per load, by ${METHOD_WORDS[f.method]}${
        f.timeSaved?.length ? `; about ${timeSavedWords(f.timeSaved)} per cold view (bytes saved ÷ throughput)` : ''}`;
    case 'ineffective-compression':
      return `${f.encoding} made it no smaller (${f.wireBytes} B encoded for ${f.decodedBytes} B); skip compressing bodies this small or incompressible`;
    case 'decoded-on-the-way':
      return decodedOnTheWay(f);
    case 'no-validator':
      return NO_VALIDATOR_WORDS[f.subject];
    case 'no-store':
      return `static asset sent with "${f.cacheControl}": every view downloads it again`;
    case 'refetched-on-warm-view':
      return 'the warm view downloaded it again in full';
    case 'html-not-revalidated':
      return 'HTML with a validator that the warm view still fetched in full: the server ignores If-None-Match / If-Modified-Since';
    case 'private-shared': {
      const shared = f.sharedBy.header === 'X-Cache' ? `X-Cache: ${f.sharedBy.value}` : `Age: ${f.sharedBy.seconds}`;
      return `marked "${f.cacheControl}" yet a shared cache answered it (${shared}): one user's response may reach another`;
    }
    case 'cache-not-as-promised':
      return `the headers promise a warm view ${OUTCOME_WORDS[f.promised]}, but it was ${OUTCOME_WORDS[f.actual]}`;
    case 'no-304':
      return 'GET route has a validator, but repeating the same request with it never got a 304';
    case 'short-cache-lifetime':
      return shortLifetime(f);
    case 'no-cache-lifetime':
      return noLifetime(f);
    case 'validator-ignored':
      return validatorIgnored(f);
    case 'no-vary':
      return `seen ${f.encodings.join(' and ')} but ${f.vary === null ? 'sent without Vary' : `sent with Vary: ${f.vary}`}: a shared cache or CDN may hand one encoding to a client that asked for the other; send Vary: Accept-Encoding`;
  }
}

/** "not audited: HTTP 404": a row whose every response was an error, listed without verdicts. */
export function notAuditedWords(r: AuditResource): string | null {
  return r.notAudited ? `not audited: HTTP ${r.notAudited.status}` : null;
}

/** "code: sentence", as the audit table and the HTML report list a finding. */
export function findingLine(f: AuditFinding): string {
  return `${f.code}: ${findingSentence(f)}`;
}

/** Which side's observation a compression verdict rests on, in words. */
export function evidenceWords(e: CompressionEvidence): string {
  const who = SIDE_NAME[e.side];
  switch (e.code) {
    case 'received-encoded':
      return `${who} received it ${e.encoding}: ${kb(e.wireBytes)} on the wire for ${kb(e.decodedBytes)} decoded`;
    case 'no-body':
      return `${who} received no body`;
    case 'incompressible-type':
      return `${who} received ${e.contentType ?? 'an untyped body'}, which gzip does not help`;
    case 'over-network-header':
      return `X-Content-Encoding-Over-Network: ${e.encoding} — it crossed the network compressed and was decoded before ${who} saw it`;
    case 'other-client':
      return `${SIDE_NAME[e.otherSide]} received this path ${e.otherEncoding}, ${who} received it identity: the server compresses it`;
    case 'received-identity':
      return `${who} received it without Content-Encoding; gzip estimate ${kb(e.gzipBytes)} from ${METHOD_WORDS[e.method]}`;
  }
}

/** A row the target refused (401, 403): why it was not audited, and the likely cause. */
export function refusedWords(status: number, credentialsGiven: boolean): string {
  return `not audited: HTTP ${status} (${credentialsGiven ? 'the credentials given were refused' : 'no credentials given'})`;
}
