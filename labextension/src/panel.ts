// The "Java clusters" side panel: every profile and every running cluster, with an engine
// count, Start, Stop, Restart and an action that inserts Cluster.connect code into the notebook.
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { fetchState, IAction, ICluster, IProfile, IState, requestAction } from './api';

/** A state the panel shows when no cluster runs for a profile. */
const STOPPED = 'stopped';
/** Cluster states in which the cluster holds engines (Stop and Restart apply). */
const LIVE = new Set(['queued', 'starting', 'running', 'stopping', 'lost', 'no-answer', 'connecting']);
/** After a failed request, how long the panel waits before it asks again (ms). */
const RETRY_MS = 2000;

/** The Java code that attaches a notebook to a profile's cluster (the tutorial's first cell, for a running cluster). */
export function connectCode(profile: string): string {
  return [
    `// attach to the running cluster of profile ${profile} (started from the Java clusters panel)`,
    `Cluster cluster = Cluster.connect("${profile}");`,
    'System.out.println("profile: " + cluster.profile());',
    'System.out.println("IDs: " + cluster.ids());  // the engines\' ids (MPI ranks)'
  ].join('\n');
}

/** "1h 02m", "3m 05s", "12s". */
export function uptime(startedIso: string, now: number): string {
  const t = Date.parse(startedIso);
  if (isNaN(t)) {
    return '';
  }
  let s = Math.max(0, Math.floor((now - t) / 1000));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  if (d > 0) {
    return `${d}d ${two(h)}h`;
  }
  if (h > 0) {
    return `${h}h ${two(m)}m`;
  }
  return m > 0 ? `${m}m ${two(s)}s` : `${s}s`;
}

/** "engines 0, 1 on vm" or "engines 0, 1 on a; 2 on b". */
function engineText(c: ICluster): string {
  const byHost = new Map<string, number[]>();
  for (const e of c.engines) {
    if (e.state === 'running') {
      const ids = byHost.get(e.host) ?? [];
      ids.push(e.id);
      byHost.set(e.host, ids);
    }
  }
  if (byHost.size === 0) {
    return 'no engines';
  }
  const parts: string[] = [];
  byHost.forEach((ids, host) => parts.push(`${ids.sort((a, b) => a - b).join(', ')} on ${host || 'an unnamed host'}`));
  return (c.ready === 1 ? 'engine ' : 'engines ') + parts.join('; ');
}

/** A batch job's id, when the launcher reports one (as "job", "job_id" or "jobId"). */
function jobId(c: ICluster): string {
  const l = c.launch || {};
  const id = l.job ?? l.job_id ?? l.jobId;
  return id === undefined || id === null ? '' : String(id);
}

/** What the state line says for a cluster (or its absence). */
export function stateText(c: ICluster | undefined, action: IAction | undefined): string {
  if (!c) {
    if (action && action.running) {
      return action.action === 'stop' ? 'stopping' : `${action.action} requested, waiting for the cluster`;
    }
    return STOPPED;
  }
  const detail = c.detail ? `: ${c.detail}` : '';
  switch (c.state) {
    case 'running':
      return `running: ${engineText(c)}`;
    case 'starting':
      // a batch job that waits for resources is queued, whatever the launcher
      return c.waiting ? `queued: ${c.waiting}` : `starting: ${c.ready}/${c.expected} ready`;
    case 'queued':
      return `queued${jobId(c) ? ` (job ${jobId(c)})` : ''}${c.waiting ? `: ${c.waiting}` : ''}`;
    case 'failed':
      return `failed${detail}`;
    case 'gone':
      return `gone${detail}`;
    default:
      return c.state + detail;
  }
}

/** One profile's (or one unsaved profile's cluster's) part of the panel. */
class Row {
  readonly node = document.createElement('div');
  private readonly name = document.createElement('span');
  private readonly where = document.createElement('span');
  private readonly state = document.createElement('div');
  private readonly meta = document.createElement('div');
  private readonly owner = document.createElement('span');
  private readonly up = document.createElement('span');
  private readonly warning = document.createElement('span');
  private readonly error = document.createElement('div');
  readonly engines = document.createElement('input');
  private readonly buttons: { [action: string]: HTMLButtonElement } = {};
  /** Whether the user typed an engine count (then updates leave it alone). */
  private edited = false;
  cluster: ICluster | undefined;

  constructor(readonly profile: string, onAction: (row: Row, action: string) => void) {
    this.node.className = 'jp-JParallel-profile';
    this.node.dataset.profile = profile;
    const title = document.createElement('div');
    title.className = 'jp-JParallel-title';
    this.name.className = 'jp-JParallel-name';
    this.name.textContent = profile;
    this.where.className = 'jp-JParallel-where';
    const label0 = document.createElement('div');
    label0.className = 'jp-JParallel-label';
    label0.append(this.name, this.where);
    title.appendChild(label0);
    this.state.className = 'jp-JParallel-state';
    this.meta.className = 'jp-JParallel-meta';
    this.owner.className = 'jp-JParallel-owner';
    this.up.className = 'jp-JParallel-uptime';
    this.warning.className = 'jp-JParallel-warning';
    this.meta.append(this.owner, this.up, this.warning);
    const controls = document.createElement('div');
    controls.className = 'jp-JParallel-controls';
    const label = document.createElement('label');
    label.textContent = 'engines ';
    this.engines.type = 'number';
    this.engines.min = '1';
    this.engines.max = '4096';
    this.engines.className = 'jp-JParallel-engines jp-mod-styled';
    this.engines.setAttribute('aria-label', `number of engines for ${profile}`);
    this.engines.addEventListener('input', () => {
      this.edited = true;
    });
    label.appendChild(this.engines);
    controls.appendChild(label);
    const actions: [string, string, string][] = [
      ['start', 'Start', `start a cluster of profile ${profile} with this many engines`],
      ['stop', 'Stop', `stop the cluster of profile ${profile}`],
      ['restart', 'Restart', `new engines for the cluster of profile ${profile} (with another count: stop and start)`],
      ['connect', 'Connect code', `insert Cluster.connect("${profile}") into the active notebook`]
    ];
    for (const [action, text, tip] of actions) {
      const b = document.createElement('button');
      b.className = 'jp-JParallel-button';
      b.dataset.action = action;
      b.textContent = text;
      b.title = tip;
      b.addEventListener('click', () => onAction(this, action));
      this.buttons[action] = b;
      (action === 'connect' ? title : controls).appendChild(b);
    }
    this.error.className = 'jp-JParallel-error';
    this.error.setAttribute('role', 'alert');
    this.node.append(title, this.state, this.meta, controls, this.error);
  }

  /** The engine count the user chose, or a sentence saying what is wrong with it. */
  engineCount(): number | string {
    const n = Number(this.engines.value);
    if (!Number.isInteger(n) || n < 1 || n > 4096) {
      return `the number of engines must be a whole number between 1 and 4096, not '${this.engines.value}'`;
    }
    return n;
  }

  showError(sentence: string): void {
    this.error.textContent = sentence;
  }

  update(p: IProfile | undefined, c: ICluster | undefined, a: IAction | undefined, now: number): void {
    this.cluster = c;
    const where: string[] = [];
    if (p) {
      if (p.launcher) {
        where.push(p.launcher);
      }
      if (p.hosts && p.hosts.length) {
        where.push(`hosts ${p.hosts.join(', ')}`);
      } else if (p.hostfile) {
        where.push(`hostfile ${p.hostfile}`);
      }
      if (p.partition) {
        where.push(`partition ${p.partition}`);
      }
      if (p.engines) {
        where.push(p.engines === 1 ? '1 engine' : `${p.engines} engines`);
      }
      if (p.builtIn) {
        where.push('built in');
      }
    } else if (c) {
      where.push(c.launcher, 'not a saved profile');
    }
    this.where.textContent = where.join(' · ');
    const live = c !== undefined && !c.ended && LIVE.has(c.state);
    const shown = c && c.state === 'stopped' ? undefined : c;
    this.state.textContent = stateText(shown, a);
    this.state.dataset.state = shown ? shown.state : a && a.running ? 'requested' : STOPPED;
    const present = c !== undefined && !c.ended && c.state !== 'stopped';
    this.owner.textContent = present ? `owner ${c!.owner} (pid ${c!.pid}${c!.hostname ? ` on ${c!.hostname}` : ''})` : '';
    this.warning.textContent = present && c!.warning ? `warning: ${c!.warning}` : '';
    this.tick(now);
    if (!this.edited) {
      const n = c && !c.ended && c.expected ? c.expected : p && p.engines ? p.engines : 1;
      this.engines.value = String(n);
    }
    const busy = a !== undefined && a.running;
    this.buttons.start.disabled = busy || live || Boolean(p && p.error);
    this.buttons.stop.disabled = busy || !live;
    this.buttons.restart.disabled = busy || !live;
    let error = (p && p.error) || (a && !a.running ? a.error : '') || '';
    // A failed start's sentence and the failed cluster's reason are often the same words: once is enough.
    if (error && c && c.detail && c.state === 'failed' && error.includes(c.detail.slice(0, 60))) {
      this.state.textContent = 'failed';
    }
    this.showError(error);
  }

  /** Only the uptime changes between updates. */
  tick(now: number): void {
    const c = this.cluster;
    const up = c && !c.ended && c.state !== 'stopped' ? uptime(c.started, now) : '';
    this.up.textContent = up ? `up ${up}` : '';
  }
}

/** The side panel. It asks the server for changes (a long poll) only while it is shown. */
export class ClustersPanel extends Widget {
  private readonly list = document.createElement('div');
  private readonly problem = document.createElement('div');
  private readonly rows = new Map<string, Row>();
  private state: IState | undefined;
  private version = -1;
  private polling = false;
  private abort: AbortController | undefined;
  private timer: number | undefined;

  constructor(logoUrl: string, private readonly insertCode: (code: string) => string) {
    super();
    this.id = 'jparallel-clusters';
    this.addClass('jp-JParallel-panel');
    this.title.caption = 'Java clusters';
    const header = document.createElement('header');
    header.className = 'jp-JParallel-header';
    const logo = document.createElement('img');
    logo.src = logoUrl;
    logo.alt = '';
    logo.className = 'jp-JParallel-logo';
    const h = document.createElement('h2');
    h.textContent = 'Java clusters';
    header.append(logo, h);
    this.problem.className = 'jp-JParallel-error jp-JParallel-problem';
    this.problem.setAttribute('role', 'alert');
    this.list.className = 'jp-JParallel-list';
    this.list.textContent = 'Loading the profiles and clusters...';
    this.node.append(header, this.problem, this.list);
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    if (!this.polling) {
      this.polling = true;
      void this.poll();
    }
    if (this.timer === undefined) {
      this.timer = window.setInterval(() => this.rows.forEach(r => r.tick(Date.now())), 1000);
    }
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this.stop();
  }

  dispose(): void {
    this.stop();
    super.dispose();
  }

  private stop(): void {
    this.polling = false;
    this.abort?.abort();
    if (this.timer !== undefined) {
      window.clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private async poll(): Promise<void> {
    while (this.polling) {
      this.abort = new AbortController();
      try {
        const s = await fetchState(this.version, this.abort.signal);
        this.problem.textContent = s.error;
        this.version = s.version;
        this.state = s;
        this.render();
      } catch (e) {
        if (!this.polling) {
          return;
        }
        this.problem.textContent = `The Java clusters' state is not available: ${(e as Error).message}`;
        await new Promise(resolve => window.setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private render(): void {
    const s = this.state!;
    const profiles = new Map<string, IProfile>();
    s.profiles.forEach(p => profiles.set(p.name, p));
    const clusters = new Map<string, ICluster>();
    s.clusters.forEach(c => clusters.set(c.profile, c));
    // Clusters that hold engines first, then the other profiles, each by name.
    const live = (n: string) => {
      const c = clusters.get(n);
      return c !== undefined && !c.ended && LIVE.has(c.state) ? 0 : 1;
    };
    const names = [...profiles.keys()];
    clusters.forEach((_c, name) => {
      if (!profiles.has(name)) {
        names.push(name);
      }
    });
    Object.keys(s.actions).forEach(name => {
      if (!names.includes(name) && s.actions[name].error) {
        names.push(name);
      }
    });
    names.sort((a, b) => live(a) - live(b) || (a < b ? -1 : a > b ? 1 : 0));
    if (this.rows.size === 0) {
      this.list.textContent = '';
    }
    for (const [name, row] of this.rows) {
      if (!names.includes(name)) {
        row.node.remove();
        this.rows.delete(name);
      }
    }
    const now = Date.now();
    names.forEach(name => {
      let row = this.rows.get(name);
      if (!row) {
        row = new Row(name, (r, a) => void this.act(r, a));
        this.rows.set(name, row);
      }
      this.list.appendChild(row.node); // keeps the order of the names
      row.update(profiles.get(name), clusters.get(name), s.actions[name], now);
    });
    if (names.length === 0) {
      this.list.textContent = s.ready ? 'No profiles.' : 'Loading the profiles and clusters...';
    }
  }

  private async act(row: Row, action: string): Promise<void> {
    if (action === 'connect') {
      row.showError(this.insertCode(connectCode(row.profile)));
      return;
    }
    let engines: number | undefined;
    if (action !== 'stop') {
      const n = row.engineCount();
      if (typeof n === 'string') {
        row.showError(n);
        return;
      }
      engines = n;
    }
    row.showError('');
    try {
      await requestAction(row.profile, action, engines);
    } catch (e) {
      row.showError((e as Error).message);
    }
  }
}
