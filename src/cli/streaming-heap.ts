/**
 * V8 settings for reading a large access log, set by `gatewatch traffic` just before it reads (issue 6,
 * "Performance": 1,000,000 lines within 256 MiB of peak memory).
 *
 * The reader keeps next to nothing (records are handed to the analyzer one at a time and dropped), so a
 * young-generation collection finds about 1% of what was allocated still alive. Two V8 heuristics still
 * cost memory on such a stream, and both are process-wide settings, hence here in the CLI:
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
 * Both only change how V8 sizes and places memory, never what the program computes. They stay set for
 * the rest of the process: the command ends after the read (or, with --follow, reads on).
 */
import { setFlagsFromString } from 'node:v8';

let tuned = false;

export function tuneHeapForStreaming(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-allocation-site-pretenuring');
}
