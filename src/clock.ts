import { Temporal } from '@js-temporal/polyfill';

/** The one source of time. Nothing else reads the system clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and then runs forward with real time (KASSA_NOW). */
export function clockStartingAt(start: Date, real: Clock = systemClock): Clock {
  const offset = start.getTime() - real.now().getTime();
  return { now: () => new Date(real.now().getTime() + offset) };
}

/** A clock that stands still until told to move: for tests that travel in time. */
export class ManualClock implements Clock {
  #now: Date;
  constructor(start: Date | string) {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(instant: Date | string): void {
    this.#now = new Date(instant);
  }
  advance(milliseconds: number): void {
    this.#now = new Date(this.#now.getTime() + milliseconds);
  }
}

/** Today's date in a time zone: billing days are the organization's days, not UTC's. */
export function todayIn(clock: Clock, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(clock.now().getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

const dayStarts = new Map<string, number>();

/** The instant a day of the organization begins (remembered: a run asks for the same few days often). */
export function dayStart(day: string, timeZone: string): Date {
  const key = `${day} ${timeZone}`;
  let ms = dayStarts.get(key);
  if (ms === undefined) {
    ms = Temporal.PlainDate.from(day).toZonedDateTime({ timeZone }).epochMilliseconds;
    if (dayStarts.size > 100_000) dayStarts.clear();
    dayStarts.set(key, ms);
  }
  return new Date(ms);
}
