import type { FigureSpec, Target } from './figures.ts';
import type { LoadFigure } from './load.ts';

export interface FigureResult {
  database: string;
  name: string;
  connections: number;
  ours: LoadFigure;
  baseline: LoadFigure;
  /** ours / baseline requests per second. */
  ratio: number;
  target?: Target & { met: boolean };
}

function targetMet(target: Target, ours: LoadFigure): boolean {
  const clean = ours.non2xx === 0 && ours.errors === 0 && ours.timeouts === 0;
  const fastEnough = target.maxP99Ms === undefined || ours.p99Ms < target.maxP99Ms;
  return clean && ours.requestsPerSecond >= target.minRequestsPerSecond && fastEnough;
}

export function figureResult(
  database: string,
  spec: FigureSpec,
  ours: LoadFigure,
  baseline: LoadFigure,
): FigureResult {
  const ratio = baseline.requestsPerSecond > 0 ? ours.requestsPerSecond / baseline.requestsPerSecond : 0;
  const result: FigureResult = {
    database,
    name: spec.name,
    connections: spec.connections,
    ours,
    baseline,
    ratio: Math.round(ratio * 100) / 100,
  };
  if (spec.target?.database === database)
    result.target = { ...spec.target, met: targetMet(spec.target, ours) };
  return result;
}

const rate = (figure: LoadFigure) => `${String(figure.requestsPerSecond).padStart(6)} req/s`;
const p99 = (figure: LoadFigure) => `p99 ${figure.p99Ms.toFixed(1).padStart(6)} ms`;
const failures = (figure: LoadFigure) =>
  `non-2xx ${figure.non2xx}${figure.errors + figure.timeouts > 0 ? `, errors ${figure.errors}, timeouts ${figure.timeouts}` : ''}`;

/** Others on the machine used more than this share of its CPU: the figure is not to be trusted. */
const NOISY = 0.1;

function noise(result: FigureResult): string {
  const elsewhere = Math.max(result.ours.cpu.elsewhere, result.baseline.cpu.elsewhere);
  return elsewhere > NOISY ? ` | NOISY: other processes used ${Math.round(elsewhere * 100)}% of the CPU` : '';
}

/** One line: database, figure, ours, baseline, ratio, failed responses, target verdict. */
export function figureLine(result: FigureResult): string {
  const { target } = result;
  const goal = target
    ? ` | target >= ${target.minRequestsPerSecond}/s${target.maxP99Ms ? `, p99 < ${target.maxP99Ms} ms` : ''}: ${target.met ? 'met' : 'MISSED'}`
    : '';
  const name = `${result.name} (${result.connections} conn.)`;
  return (
    `${result.database.padEnd(8)} ${name.padEnd(42)} ${rate(result.ours)}  ${p99(result.ours)}` +
    ` | baseline ${rate(result.baseline)}  ${p99(result.baseline)} | ratio ${result.ratio.toFixed(2)}` +
    ` | ${failures(result.ours)}${goal}${noise(result)}`
  );
}

/** The HTTP ceiling of this machine: the baseline server answering a constant, no database. */
export function ceilingLine(database: string, ceiling: LoadFigure, connections: number): string {
  const name = `(ceiling: constant JSON) (${connections} conn.)`;
  return `${database.padEnd(8)} ${name.padEnd(42)} ${rate(ceiling)}  ${p99(ceiling)} | no database, for scale`;
}
