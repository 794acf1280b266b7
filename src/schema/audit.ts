/**
 * The audit's result: summary.json's `audit` section and, as `resources`, what `browse-load audit
 * --json` prints. Scripts read these fields; docs/audit-json.md documents them. Change a name or a
 * meaning only with a new AUDIT_SCHEMA_VERSION.
 *
 * Bytes are body bytes (headers excluded). A browser row's figures are per load of the resource;
 * a protocol row's are per response that carried a body (means).
 */
export const AUDIT_SCHEMA_VERSION = 2;

/**
 * - compressed: sent with a Content-Encoding and smaller on the wire than decoded;
 * - ineffective: sent encoded but not smaller than decoded;
 * - should-compress: a text type sent without encoding where gzip would save at least 1,400 B
 *   and either 10 % or 20 KB (Lighthouse's rule);
 * - too-small: a text type whose saving would be under that rule (or no body at all);
 * - not-compressible: images, fonts, archives and other types gzip does not help.
 */
export type CompressionVerdict = 'compressed' | 'ineffective' | 'should-compress' | 'too-small' | 'not-compressible';

/**
 * The repeat outcome: browser rows, what the warm view did (served from a cache, revalidated with
 * a 304, or fetched again in full); protocol rows, what a conditional repeat of the GET got.
 * not-repeated: no warm view / no conditional repeat loaded it.
 */
export type CacheOutcome = 'hit' | 'revalidated' | 'refetched' | 'not-repeated';

/** How the gzip size behind a saving was found; null when no estimate was needed. */
export type SavingMethod =
  /** The decoded body was gzipped (Node zlib, default level), as Lighthouse does. */
  | 're-gzip'
  /** The ratio the same resource achieved when it did arrive compressed (other side, other responses). */
  | 'observed-ratio'
  /** A conservative gzip ratio for the content type (only sizes were known). */
  | 'type-estimate';

/** Which kind of client saw a response. */
export type ClientSide = 'browser' | 'protocol';

/*
 * Findings carry a code and the numbers behind it, never a sentence: the reports word them
 * (src/report/audit/words.ts), so summary.json holds no formatted sizes.
 */

/**
 * A saving priced in time under one network profile of the run: the bytes saved at the profile's
 * download throughput (bytes ÷ (downloadKbps × 1024 / 8) bytes/s), whole ms.
 */
export interface TimeSaved {
  /** The profile's name, as in the page rows ("slow-4g", "custom:300/1000/500"). */
  profile: string;
  downloadKbps: number;
  ms: number;
}

/** The server sends a compressible body uncompressed; fix the server's compression. */
export interface ShouldCompressFinding {
  code: 'should-compress';
  side: ClientSide;
  /** Bytes gzip would save per load / response, of `decodedBytes`. */
  savingBytes: number;
  decodedBytes: number;
  /** The saving as a whole percentage of the decoded body. */
  sharePct: number;
  method: SavingMethod;
  /**
   * Browser rows of a run with throttled network profiles: `savingBytes` per cold view priced
   * under each of them. Absent otherwise (unthrottled, the saving is not time-bound).
   */
  timeSaved?: TimeSaved[];
}

/** Sent encoded, but the encoded body is not smaller. */
export interface IneffectiveCompressionFinding {
  code: 'ineffective-compression';
  encoding: string;
  wireBytes: number;
  decodedBytes: number;
}

/** The server compresses it, but one side received it decoded: a proxy/antivirus on the way. */
export type DecodedOnTheWayFinding =
  /** The response said so itself (X-Content-Encoding-Over-Network). */
  | { code: 'decoded-on-the-way'; via: 'over-network-header'; side: ClientSide; serverEncoding: string }
  /** The other kind of client received the same path encoded. */
  | { code: 'decoded-on-the-way'; via: 'other-client'; side: ClientSide; otherSide: ClientSide; otherEncoding: string; savingBytes: number };

/**
 * A response without ETag or Last-Modified where a repeat should be a 304: a static asset the
 * browser loaded, a static route repeated conditionally, an HTML page fetched in full on the warm
 * view, or an API GET repeated conditionally.
 */
export interface NoValidatorFinding {
  code: 'no-validator';
  subject: 'static-asset' | 'static-route' | 'html-page' | 'get-route';
}

/** A static asset marked no-store. */
export interface NoStoreFinding {
  code: 'no-store';
  cacheControl: string;
}

/** A static asset fetched again in full on the warm view. */
export interface RefetchedOnWarmViewFinding {
  code: 'refetched-on-warm-view';
}

/** HTML with a validator that the warm view still fetched in full. */
export interface HtmlNotRevalidatedFinding {
  code: 'html-not-revalidated';
}

/** Marked private or no-store, yet served with Age / X-Cache HIT: a shared cache kept it. */
export interface PrivateSharedFinding {
  code: 'private-shared';
  cacheControl: string;
  /** The header that shows a shared cache answered. */
  sharedBy: { header: 'X-Cache'; value: string } | { header: 'Age'; seconds: number };
}

/** The warm view did something else than the headers promise. */
export interface CacheNotAsPromisedFinding {
  code: 'cache-not-as-promised';
  promised: Exclude<CacheOutcome, 'not-repeated'>;
  actual: CacheOutcome;
}

/** A GET with a validator repeated with the same validator never answered 304. */
export interface No304Finding {
  code: 'no-304';
  /** Calls of the route, none of them answered 304. */
  calls: number;
}

/**
 * Responses whose body does not decode as their Content-Encoding says (gzip promised, not gzip
 * sent; a truncated stream): clients that decode (every browser) fail on them.
 */
export interface EncodingMismatchFinding {
  code: 'encoding-mismatch';
  /** The Content-Encoding the failing responses carried ("gzip"), as the fault names it. */
  encoding: string;
  /** Responses of the row that did not decode. */
  responses: number;
}

/**
 * How a protocol user's failure begins when the body does not decode ("body does not decode as
 * gzip (Z_DATA_ERROR)"): the fault names write it, the audit finds it in the failures.
 */
export const DECODE_FAULT_PREFIX = 'body does not decode as ';

/**
 * A static asset whose explicit lifetime (max-age, s-maxage where a shared cache answered, or
 * Expires) gives a repeat visit a cache-hit probability at or under Lighthouse's 0.925
 * (uses-long-cache-ttl): a repeat visit after the lifetime downloads or revalidates it again.
 */
export interface ShortCacheLifetimeFinding {
  code: 'short-cache-lifetime';
  lifetimeS: number;
  source: Exclude<LifetimeSource, 'none'>;
  /** Lighthouse's probability that a repeat visit falls within the lifetime (0–1, 3 decimals). */
  hitProbability: number;
  /** Bytes a repeat visit wastes on average: (1 − hitProbability) × wire bytes per load. */
  wastedBytes: number;
  immutable: boolean;
  fingerprinted: boolean;
}

/**
 * A static asset with no explicit lifetime: no max-age, no Expires. Browsers then cache it only
 * heuristically, for 10 % of its age since Last-Modified (RFC 9111 4.2.2), or not at all.
 */
export interface NoCacheLifetimeFinding {
  code: 'no-cache-lifetime';
  /** The heuristic lifetime this response gets from its Last-Modified; null without one. */
  heuristicS: number | null;
  /** Bytes a repeat visit wastes on average: the whole wire size (Lighthouse counts probability 0). */
  wastedBytes: number;
  fingerprinted: boolean;
}

/**
 * A conditional GET carrying the response's own validators (If-None-Match and If-Modified-Since)
 * got the full body back: every revalidation is a full download.
 */
export interface ValidatorIgnoredFinding {
  code: 'validator-ignored';
  /** The answer's status (200). */
  status: number;
  cause: ValidatorCause;
  /** The ETag sent back as If-None-Match, the ETag of the answer, and of an identity request when it differs. */
  sentEtag: string | null;
  answerEtag: string | null;
  identityEtag: string | null;
}

/**
 * - etag-per-encoding: the compressed response's ETag differs from the identity one (a compression
 *   layer's suffix such as Apache mod_deflate's `-gzip`) and the server does not match it back;
 * - etag-per-request: every answer carries a new ETag (generated per request, or per server);
 * - conditional-ignored: the same validators came back, the server just does not answer 304.
 */
export type ValidatorCause = 'etag-per-encoding' | 'etag-per-request' | 'conditional-ignored';

/** A response whose encoding depends on the request, without `Vary: Accept-Encoding` (or with `Vary: *`). */
export interface NoVaryFinding {
  code: 'no-vary';
  /** The Vary header as sent (null: none). */
  vary: string | null;
  /** Which encodings were seen for this path ("gzip", "identity"). */
  encodings: string[];
}

export type AuditFinding =
  | ShortCacheLifetimeFinding | NoCacheLifetimeFinding | ValidatorIgnoredFinding | NoVaryFinding
  | EncodingMismatchFinding | ShouldCompressFinding | IneffectiveCompressionFinding | DecodedOnTheWayFinding | NoValidatorFinding | NoStoreFinding
  | RefetchedOnWarmViewFinding | HtmlNotRevalidatedFinding | PrivateSharedFinding | CacheNotAsPromisedFinding | No304Finding;

export type FindingCode = AuditFinding['code'];

/** Which side's observation a compression verdict rests on, with its numbers. */
export type CompressionEvidence =
  /** Received with a Content-Encoding: the mean sizes of those responses. */
  | { code: 'received-encoded'; side: ClientSide; encoding: string; wireBytes: number; decodedBytes: number }
  | { code: 'no-body'; side: ClientSide }
  /** A type gzip does not help (null: the response had no Content-Type). */
  | { code: 'incompressible-type'; side: ClientSide; contentType: string | null }
  /** Received decoded, but X-Content-Encoding-Over-Network says it crossed the network encoded. */
  | { code: 'over-network-header'; side: ClientSide; encoding: string }
  /** Received identity, while the other kind of client received the same path encoded. */
  | { code: 'other-client'; side: ClientSide; otherSide: ClientSide; otherEncoding: string }
  /** Received without Content-Encoding: the gzip size estimated, and how. */
  | { code: 'received-identity'; side: ClientSide; gzipBytes: number; method: SavingMethod };

/** The caching headers of a resource (the response that carried the body). */
export interface CacheHeaders {
  cacheControl: string | null;
  expires: string | null;
  etag: boolean;
  lastModified: boolean;
  /** Largest Age seen, in seconds. */
  age: number | null;
  vary: string | null;
  /** X-Cache values and how often each was seen. */
  xCache: Record<string, number>;
}

/** Where a static asset's lifetime comes from (Lighthouse's order: max-age, then Expires). */
export type LifetimeSource = 'max-age' | 's-maxage' | 'expires' | 'none';

/** A static asset's cache lifetime, as Lighthouse's uses-long-cache-ttl rule reads it. */
export interface CacheLifetime {
  source: LifetimeSource;
  /** The explicit lifetime in seconds; null when source is none. */
  seconds: number | null;
  /** Without an explicit lifetime: 10 % of the age since Last-Modified (null: no Last-Modified, or explicit). */
  heuristicSeconds: number | null;
  /** Lighthouse's probability that a repeat visit falls within the lifetime (0–1, 3 decimals). */
  hitProbability: number;
  /** Cache-Control: immutable. */
  immutable: boolean;
  /** The file name carries a content hash (app.3f2a9c1e.js): safe to cache for a year. */
  fingerprinted: boolean;
}

/** The validator probe: a conditional GET the way a browser revalidates, and what came back. */
export interface RevalidationProbe {
  sent: { ifNoneMatch: string | null; ifModifiedSince: string | null; acceptEncoding: string };
  /** The answer's status; 0 when the probe got no answer (then `error`). */
  status: number;
  etag: string | null;
  /** The answer's Content-Encoding ('identity' when none). */
  encoding: string;
  /** The ETag of the same URL asked for with identity, when the original was encoded and not answered 304. */
  identityEtag: string | null;
  error?: string;
}

/** Why a row carries no verdicts: every response was an HTTP error (4xx/5xx). */
export interface NotAudited {
  code: 'http-error';
  /** The most frequent status. */
  status: number;
}

export interface AuditResource {
  /** Browser rows: the absolute URL. Protocol rows: the route name ("/api/search/"). */
  url: string;
  source: ClientSide;
  /** Protocol rows: the HTTP method. */
  method?: string;
  /** Browser rows: the first page that loaded it, and every page that did. */
  page?: string;
  pages?: string[];
  /** Browser rows: CDP resource type (document, script, stylesheet, fetch, image, …). */
  resourceType?: string;
  contentType: string | null;
  /** Status of the responses that carried the body (the most frequent one). */
  status: number | null;
  compression: CompressionVerdict;
  /** Mean body bytes on the wire and after decoding, per load / response with a body. */
  wireBytes: number;
  decodedBytes: number;
  /** Content-Encoding as received ('identity' when none). */
  encoding: string;
  /** Protocol rows: responses per Content-Encoding. */
  encodings?: Record<string, number>;
  /** wireBytes / decodedBytes as received; null without a body. */
  ratio: number | null;
  /** Estimated gzip size of the decoded body, when the verdict needed one. */
  gzipBytes: number | null;
  /** Bytes gzip would save per load / response; 0 unless compression is should-compress. */
  potentialSavingBytes: number;
  savingMethod: SavingMethod | null;
  /** Which side's observation the compression verdict rests on. */
  compressionEvidence: CompressionEvidence;
  cache: CacheOutcome;
  /** What the headers promise for a repeat (null when they were not judged). */
  promisedCache: CacheOutcome | null;
  headers: CacheHeaders;
  /** Loads (browser) or responses (protocol) seen. */
  count: number;
  /** Protocol rows: responses that were 304 Not Modified. */
  notModified?: number;
  findings: AuditFinding[];
  /** Static browser assets Lighthouse's cache-lifetime rule judges: the lifetime it read. */
  lifetime?: CacheLifetime;
  /** Resources with ETag or Last-Modified that the audit probed with a conditional GET. */
  revalidation?: RevalidationProbe;
  /** Rows whose responses were all 4xx/5xx: listed, not judged (findings []). */
  notAudited?: NotAudited;
}

/** Bytes gzip could save where compressible bodies travel uncompressed. */
export interface AuditSavings {
  /**
   * Per page and view: mean bytes one view would save; with throttled network profiles, those
   * bytes priced under each (`timeSaved`, absent otherwise).
   */
  perPageView: { page: string; view: 'cold' | 'warm'; bytes: number; timeSaved?: TimeSaved[] }[];
  /** Over all protocol responses: bytes 1,000 calls would save at the run's mix of routes. */
  per1000ApiCalls: number;
  apiCalls: number;
}

/** Conditional GETs of the protocol users: which routes answered 304. */
export interface AuditRevalidation {
  /** True when every GET was repeated conditionally (--revalidate, or the audit command). */
  requested: boolean;
  routes: { name: string; calls: number; notModified: number; etag: boolean; lastModified: boolean }[];
  /** Names of the routes that answered 304 at least once. */
  answering304: string[];
}

/** First call versus repeats of the same request (the audit command times them itself). */
export interface RepeatTiming {
  name: string;
  firstMs: number;
  repeatMs: number;
  /** X-Cache of the first and the repeat response, when sent. */
  firstXCache?: string | null;
  repeatXCache?: string | null;
}

export interface ServerCacheName {
  name: string;
  source: 'browser' | 'protocol';
  xCache: Record<string, number>;
  /** Largest Age header seen (seconds). */
  maxAgeSeconds: number | null;
  firstMs: number | null;
  repeatMs: number | null;
}

export interface WarmupEffect {
  durationS: number;
  /** Per name measured in both phases: p50/p95 while the server was cold (warm-up) and after. */
  names: { type: string; name: string; warmupP50Ms: number | null; measuredP50Ms: number | null; warmupP95Ms: number | null; measuredP95Ms: number | null }[];
  aggregate: { warmupP50Ms: number | null; measuredP50Ms: number | null; warmupP95Ms: number | null; measuredP95Ms: number | null };
}

/** The server's own cache as seen from outside: X-Cache / Age, first versus repeat, warm-up. */
export interface AuditServerCache {
  names: ServerCacheName[];
  warmup: WarmupEffect | null;
}

export interface AuditSection {
  version: typeof AUDIT_SCHEMA_VERSION;
  /** One row per browser resource (URL) and per protocol route (method + name). */
  resources: AuditResource[];
  savings: AuditSavings;
  revalidation: AuditRevalidation;
  serverCache: AuditServerCache;
  /** Every finding's code and how many rows carry it. */
  findingCounts: Partial<Record<FindingCode, number>>;
}

/** The finding codes that make `audit --strict` exit 1. */
export const STRICT_CODES: readonly FindingCode[] = ['should-compress', 'no-validator', 'encoding-mismatch'];

/** The caching codes `audit --strict=cache` adds to STRICT_CODES. */
export const CACHE_STRICT_CODES: readonly FindingCode[] = ['short-cache-lifetime', 'no-cache-lifetime', 'validator-ignored', 'no-vary'];
