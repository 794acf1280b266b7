/**
 * The three parts of undici the protocol users drive (Client, its connector, the header parser),
 * loaded without undici's index. The index also loads fetch, WebSocket, EventSource, the cache and
 * cookie stores and every interceptor, and an ES import of it is lexed for its named exports:
 * measured on this machine, 100-150 ms of CPU against 30-40 ms for these three, on every start and
 * in every worker thread. undici has no exports map, so the paths are reachable; they are the same
 * modules the index itself hands out (one copy, whoever loads the index later). The types come
 * from the index's declarations.
 */
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const load = createRequire(import.meta.url);

export const Client: typeof Undici.Client = load('undici/lib/dispatcher/client.js');
export const buildConnector: typeof Undici.buildConnector = load('undici/lib/core/connect.js');
export const parseHeaders: typeof Undici.util.parseHeaders = (load('undici/lib/core/util.js') as typeof Undici.util).parseHeaders;
