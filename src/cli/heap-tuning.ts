/**
 * V8 settings, process-wide, hence here in the CLI. They only change how V8 sizes and places memory,
 * never what the program computes, and stay set for the rest of the process.
 *
 * ## Reading a large access log (`gatewatch traffic`, set just before it reads)
 *
 * Issue 6, "Performance": 1,000,000 lines within 256 MiB of peak memory.
 * The reader keeps next to nothing (records are handed to the analyzer one at a time and dropped), so a
 * young-generation collection finds about 1% of what was allocated still alive. Two V8 heuristics still
 * cost memory on such a stream:
 *
 * - Young-generation growth. V8 doubles the young generation whenever the bytes that survived since its
 *   last growth exceed its size; on a long enough stream that always happens, however little survives,
 *   and each doubling adds twice its size to the resident memory (two semi-spaces): 32 → 64 MiB per
 *   semi-space is +64 MiB, for nothing at this survival rate. `--max-semi-space-size` would cap it but
 *   V8 reads it only when the heap is set up (set later, it changes nothing: checked on Node 24); the
 *   growth factor is read at each growth, so 1 keeps the young generation at the size it has when
 *   reading starts (after the manifests are loaded).
 * - Pretenuring. V8 moves an allocation site's objects to the old generation from birth once most of
 *   them are found alive at a collection. When a major collection's marking overlaps the read, V8
 *   counted the records allocated meanwhile as alive (411 of 411 in a traced run) and from then on
 *   allocated every record in the old generation, where each one kept its strings — slices of the
 *   decoded log — alive through every young collection until the next major one: about 1 run in 15 of
 *   the bench peaked at 430 MiB instead of 235. Records never outlive their line; nothing here gains from
 *   pretenuring.
 *
 * ## Reviewing per request or per change (`gatewatch serve`, `gatewatch watch`, before their modules load)
 *
 * Issue 8, "Performance": admission p99 ≤ 5 ms at 500 requests/s; a watch of 10,000 Ingresses within
 * 400 MiB.
 *
 * - Pretenuring (both). The first review of a cluster builds its route table and views with the same
 *   code each admission then runs on a handful of objects; at that first build nearly everything
 *   survives, so V8 pretenured those allocation sites, and from then on every request's route table and
 *   views were born in the old generation (24 KB a request with a 10,000-Ingress model): garbage only a
 *   major collection frees, and young collections of 13–20 ms every third of a second. Without
 *   pretenuring a request leaves about 2 KB behind and a young collection takes 1–2 ms.
 * - Young-generation growth (`watch` only). V8 sizes the young generation up to 2 × 64 MiB on a machine
 *   with this much memory, all of it resident once used; the watch allocates little between changes and
 *   its reviews keep nothing, so it stays at its starting size: peak RSS 369 MiB instead of 481 with the
 *   bench's 10,000 Ingresses, sync and change-to-alert times unchanged. `serve` keeps V8's sizing: at 500
 *   admissions a second the small young generation would be collected every few requests (8% of the
 *   time instead of 0.4%).
 */
import { setFlagsFromString } from 'node:v8';

/**
 * `keepYoungGeneration`: V8's young generation stays at the size it has now (traffic, watch); false
 * leaves V8's sizing alone (serve). Pretenuring is off for all three. Setting a flag again is harmless.
 */
export function tuneHeap(options: { keepYoungGeneration: boolean }): void {
  if (options.keepYoungGeneration) setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-allocation-site-pretenuring');
}
