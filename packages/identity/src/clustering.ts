/**
 * Clustering of linked pairs into persons, with the guard against chaining:
 * a person never holds two different registration numbers of one council
 * (unless a must-link override says so) nor two HPR ids.
 */

/** A node's identifiers that a person may hold only one of: council id → registration id, and an HPR id. */
export interface NodeIdentifiers {
  /** Interned council, or -1. */
  council: number;
  /** Interned registration number within the council, or -1. */
  registration: number;
  /** Interned HPR id, or -1. */
  hpr: number;
}

/** A pair to join, in the order it is tried. */
export interface ClusterPair {
  a: number;
  b: number;
}

/** Why a pair was not joined. */
export type Refusal = 'registration_conflict' | 'hpr_conflict' | 'cannot_link';

/** Clusters of nodes 0..n-1: union–find whose roots carry the identifiers of their members. */
export class PersonClusters {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  /** root → council → registration; only for roots with a registration. */
  private readonly registrations = new Map<number, Map<number, number>>();
  private readonly hprs = new Map<number, number>();
  /** node → nodes it must never be with. */
  private readonly cannot = new Map<number, number[]>();
  /** root → members, only for roots of two or more. */
  private readonly members = new Map<number, number[]>();

  constructor(n: number, identifiers: (node: number) => NodeIdentifiers) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) {
      this.parent[i] = i;
      const id = identifiers(i);
      if (id.council >= 0 && id.registration >= 0)
        this.registrations.set(i, new Map([[id.council, id.registration]]));
      if (id.hpr >= 0) this.hprs.set(i, id.hpr);
    }
  }

  /** The root of a node's cluster. */
  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    while (this.parent[x] !== root) {
      const next = this.parent[x] as number;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }

  /** Forbids `a` and `b` from ever being in one cluster. */
  forbid(a: number, b: number): void {
    this.cannot.set(a, [...(this.cannot.get(a) ?? []), b]);
    this.cannot.set(b, [...(this.cannot.get(b) ?? []), a]);
  }

  private membersOf(root: number): number[] {
    return this.members.get(root) ?? [root];
  }

  /** Why joining the clusters of `a` and `b` would break the guard, or null. */
  conflict(a: number, b: number): Refusal | null {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return null;
    const regA = this.registrations.get(ra);
    const regB = this.registrations.get(rb);
    if (regA && regB) {
      for (const [council, number] of regA) {
        const other = regB.get(council);
        if (other !== undefined && other !== number) return 'registration_conflict';
      }
    }
    const hA = this.hprs.get(ra);
    const hB = this.hprs.get(rb);
    if (hA !== undefined && hB !== undefined && hA !== hB) return 'hpr_conflict';
    if (this.cannot.size > 0) {
      const small = this.size[ra]! <= this.size[rb]! ? ra : rb;
      const other = small === ra ? rb : ra;
      for (const m of this.membersOf(small)) {
        for (const c of this.cannot.get(m) ?? []) if (this.find(c) === other) return 'cannot_link';
      }
    }
    return null;
  }

  /**
   * Joins the clusters of `a` and `b` unless the guard forbids it; `force`
   * (a must-link override) passes the registration and HPR guard but never a
   * cannot-link. Returns the refusal, or null when joined (or already one).
   */
  join(a: number, b: number, force = false): Refusal | null {
    const refusal = this.conflict(a, b);
    if (refusal === 'cannot_link' || (refusal && !force)) return refusal;
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return null;
    if (this.size[ra]! < this.size[rb]! || (this.size[ra] === this.size[rb] && rb < ra)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = this.size[ra]! + this.size[rb]!;
    const regB = this.registrations.get(rb);
    if (regB) {
      const regA = this.registrations.get(ra) ?? new Map<number, number>();
      for (const [council, number] of regB) if (!regA.has(council)) regA.set(council, number);
      this.registrations.set(ra, regA);
      this.registrations.delete(rb);
    }
    const hB = this.hprs.get(rb);
    if (hB !== undefined && !this.hprs.has(ra)) this.hprs.set(ra, hB);
    this.hprs.delete(rb);
    const list = this.membersOf(ra);
    for (const m of this.membersOf(rb)) list.push(m);
    this.members.set(ra, list);
    this.members.delete(rb);
    return null;
  }

  /** Clusters of two or more nodes: root → members, members sorted. */
  clusters(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const [root, list] of this.members)
      out.set(
        root,
        [...list].sort((x, y) => x - y),
      );
    return out;
  }
}
