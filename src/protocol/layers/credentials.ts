/** The run's credentials on every request that does not opt out (`auth: false`). */
import type { Auth, AuthSession } from '../auth.js';
import { headersToAdd, type Layer } from './layer.js';

export function credentials(auth: Auth, session: AuthSession): Layer {
  if (auth.kind === 'none') return (dispatch) => dispatch;
  return (dispatch) => (req, handler) => {
    if (req.flow.auth !== false) auth.apply(headersToAdd(req), session);
    return dispatch(req, handler);
  };
}
