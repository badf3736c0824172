import type { Metadata } from '../../types.js';
import { NumberColumn, ValueColumn } from './column.js';

// Billing gives every hold and every charge metadata of its own (`{ sessionId, interval }`): kept as
// the caller's objects, that was the last object a tick left on the heap for the store's life, and
// a long run's major collections marked one more of them per tick. Metadata is flat (checkMetadata):
// here its keys are kept once per distinct key list (a shape) and its values in a column of
// references, where a small integer or a string already held elsewhere costs no object at all.

/** Shapes kept by number; past this many distinct key lists, metadata is kept whole. */
const MAX_SHAPES = 4_096;
/** The shape number of metadata kept whole (as the one value of its entry). */
const KEPT_WHOLE = MAX_SHAPES;
/** Where a shape number sits in an entry's cell: below the start of its values, times this. */
const SHAPE_SPAN = MAX_SHAPES + 1;

type MetadataValue = Metadata[string];

/** Metadata objects by position, stored as a shape and values, rebuilt as a new object when read. */
export class MetadataColumn {
  /** Each entry: the start of its values times {@link SHAPE_SPAN}, plus its shape number. */
  readonly #entries = new NumberColumn();
  readonly #values = new ValueColumn<MetadataValue | Metadata>();
  readonly #shapes: (readonly string[])[] = [];
  readonly #shapeNumbers = new Map<string, number>();
  /** The shape of the last metadata pushed: most metadata repeats the keys of the one before. */
  #lastShape = -1;

  /** Appends `metadata`; its position is the number of entries before the call. */
  push(metadata: Metadata): void {
    const start = this.#values.length;
    const shape = this.#shapeOf(metadata);
    this.#entries.push(start * SHAPE_SPAN + shape);
    if (shape === KEPT_WHOLE) {
      this.#values.push(metadata);
      return;
    }
    for (const key of this.#shapes[shape] as readonly string[]) this.#values.push(metadata[key] as MetadataValue);
  }

  /** The metadata at `position`, as a new object. */
  at(position: number): Metadata {
    const entry = this.#entries.at(position);
    const shape = entry % SHAPE_SPAN;
    const start = (entry - shape) / SHAPE_SPAN;
    if (shape === KEPT_WHOLE) return { ...(this.#values.at(start) as Metadata) };
    const keys = this.#shapes[shape] as readonly string[];
    const metadata: Record<string, MetadataValue> = {};
    for (let i = 0; i < keys.length; i++) metadata[keys[i] as string] = this.#values.at(start + i) as MetadataValue;
    return metadata;
  }

  #shapeOf(metadata: Metadata): number {
    const last = this.#lastShape;
    if (last !== -1 && hasKeys(metadata, this.#shapes[last] as readonly string[])) return last;
    const keys = Object.keys(metadata);
    const name = JSON.stringify(keys);
    let shape = this.#shapeNumbers.get(name);
    if (shape === undefined) {
      if (this.#shapes.length === MAX_SHAPES) return KEPT_WHOLE;
      shape = this.#shapes.length;
      this.#shapes.push(keys);
      this.#shapeNumbers.set(name, shape);
    }
    this.#lastShape = shape;
    return shape;
  }
}

/** Whether `metadata`'s own keys are exactly `keys`, in order (no array built to ask). */
function hasKeys(metadata: Metadata, keys: readonly string[]): boolean {
  let count = 0;
  for (const key in metadata) {
    if (key !== keys[count]) return false;
    count++;
  }
  return count === keys.length;
}
