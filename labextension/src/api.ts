// The server extension's REST API (jparallel_lab/handlers.py), under the server's base URL.
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** One engine of a cluster, as jpcluster reports it. */
export interface IEngine {
  id: number;
  state: string;
  pid: number;
  host: string;
  busy: boolean;
  detail: string;
}

/** A cluster, as `jpcluster watch --json` reports it. */
export interface ICluster {
  profile: string;
  state: string;
  detail: string;
  warning: string;
  owner: string;
  pid: number;
  hostname: string;
  started: string;
  launcher: string;
  expected: number;
  ready: number;
  engines: IEngine[];
  /** Set on a cluster that failed and went away: when it was last seen. */
  ended?: string;
  /** What the launcher says of itself: at least "launcher" and "description" (a batch job adds its id). */
  launch?: { [key: string]: unknown };
  /** While a batch job waits for resources, the launcher's line, e.g. "job 4242 PENDING (Resources) 0:12". */
  waiting?: string;
  error?: string;
}

/** A profile, as `jpcluster profile list --json` reports it. */
export interface IProfile {
  name: string;
  builtIn?: boolean;
  engines?: number;
  launcher?: string;
  hosts?: string[];
  hostfile?: string;
  partition?: string;
  error?: string;
}

/** The last action the panel asked for on a profile. */
export interface IAction {
  action: string;
  engines: number | null;
  running: boolean;
  error: string;
  message: string;
}

/** What GET jparallel/clusters answers. */
export interface IState {
  version: number;
  profiles: IProfile[];
  clusters: ICluster[];
  actions: { [profile: string]: IAction };
  error: string;
  ready: boolean;
}

const settings = ServerConnection.makeSettings();

function url(...parts: string[]): string {
  return URLExt.join(settings.baseUrl, 'jparallel', 'clusters', ...parts);
}

/** The error sentence of a failed response (the server's own message when it sent one). */
async function failure(response: Response): Promise<Error> {
  let message = `the server answered ${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && typeof body.message === 'string' && body.message) {
      message = body.message;
    }
  } catch {
    // not JSON: keep the status line
  }
  return new Error(message);
}

/** The state once its version passes `since` (the server holds the request up to 25 s). */
export async function fetchState(since: number, signal?: AbortSignal): Promise<IState> {
  const response = await ServerConnection.makeRequest(
    url() + URLExt.objectToQueryString({ since: String(since) }),
    { method: 'GET', signal },
    settings
  );
  if (!response.ok) {
    throw await failure(response);
  }
  return (await response.json()) as IState;
}

/** Asks for start, stop or restart; the outcome arrives with the state. */
export async function requestAction(profile: string, action: string, engines?: number): Promise<void> {
  const body: { action: string; engines?: number } = { action };
  if (engines !== undefined) {
    body.engines = engines;
  }
  const response = await ServerConnection.makeRequest(
    url(encodeURIComponent(profile)),
    { method: 'POST', body: JSON.stringify(body) },
    settings
  );
  if (!response.ok) {
    throw await failure(response);
  }
}
