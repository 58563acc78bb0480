/**
 * The simulation's clock: simulated time runs `speed` times faster than the
 * wall clock (`--speed`, default 1). Everything people do in the simulation
 * (arrivals, driving, answering offers, the position cadence, changing their
 * mind) is in simulated time; the platform runs its own timers at the same
 * speed through its TIME_SCALE, so a run at speed 4 is the same city, four
 * times sooner.
 */
export class SimClock {
  readonly speed: number;
  private readonly startedAtMs: number;
  private readonly wallNow: () => number;

  constructor(speed: number, wallNow: () => number = Date.now) {
    if (!(Number.isFinite(speed) && speed > 0)) throw new Error(`speed must be a positive number, not ${speed}`);
    this.speed = speed;
    this.wallNow = wallNow;
    this.startedAtMs = wallNow();
  }

  /** Simulated seconds since the clock started. */
  nowS(): number {
    return ((this.wallNow() - this.startedAtMs) / 1000) * this.speed;
  }

  /** Wall-clock milliseconds that a simulated span (ms) takes. */
  wallMs(simulatedMs: number): number {
    return simulatedMs / this.speed;
  }

  /** Simulated milliseconds that a wall-clock span (ms) stands for. */
  simulatedMs(wallMs: number): number {
    return wallMs * this.speed;
  }

  /** Wall-clock milliseconds from now until simulated second `atS` (0 once it has passed). */
  wallMsUntil(atS: number): number {
    return Math.max(0, this.startedAtMs + this.wallMs(atS * 1000) - this.wallNow());
  }

  /** Waits a simulated span (ms). */
  sleep(simulatedMs: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.wallMs(simulatedMs)));
  }
}

/** `mm:ss` (or `h:mm:ss`) for a number of seconds. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return hh > 0 ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
}
