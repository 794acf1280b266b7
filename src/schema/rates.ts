/**
 * The window every rate of a run is taken over, thresholds and reports alike: from the start of
 * measurement to the last request, as Locust's `total_rps` does
 * (`num_requests / (last_request_timestamp - start_time)`).
 */
export function rateWindowSeconds(lastRequestAt: number | null, measuredFrom: number, endedAt: number): number {
  return Math.max(0, ((lastRequestAt ?? endedAt) - measuredFrom) / 1000);
}
