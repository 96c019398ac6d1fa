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

/**
 * Clusters of nodes 0..n-1: union–find whose roots carry the identifiers of
 * their members. Everything per node is a typed array (about 30 bytes a node:
 * 30 MB at 1,000,000), and a cluster's members are a circular list through
 * `next`; only a root holding registrations of a second council, and the
 * cannot-links, live in maps.
 */
export class PersonClusters {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  /** Root → its first council and that council's registration (-1 when none). */
  private readonly council: Int32Array;
  private readonly registration: Int32Array;
  /** Root → registrations of further councils; only for the few roots that hold two councils. */
  private readonly moreRegistrations = new Map<number, Map<number, number>>();
  private readonly hpr: Int32Array;
  /** Node → the next member of its cluster (a circular list; a lone node points at itself). */
  private readonly next: Int32Array;
  /** node → nodes it must never be with. */
  private readonly cannot = new Map<number, number[]>();
  private groupCount = 0;

  constructor(n: number, identifiers: (node: number) => NodeIdentifiers) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    this.council = new Int32Array(n).fill(-1);
    this.registration = new Int32Array(n).fill(-1);
    this.hpr = new Int32Array(n).fill(-1);
    this.next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.parent[i] = i;
      this.next[i] = i;
      const id = identifiers(i);
      if (id.council >= 0 && id.registration >= 0) {
        this.council[i] = id.council;
        this.registration[i] = id.registration;
      }
      if (id.hpr >= 0) this.hpr[i] = id.hpr;
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

  /** The registration a root holds in `council`, or -1. */
  private registrationIn(root: number, council: number): number {
    if (this.council[root] === council) return this.registration[root] as number;
    return this.moreRegistrations.get(root)?.get(council) ?? -1;
  }

  /** Each (council, registration) a root holds. */
  private *registrationsOf(root: number): Generator<[number, number]> {
    if ((this.council[root] as number) < 0) return;
    yield [this.council[root] as number, this.registration[root] as number];
    const more = this.moreRegistrations.get(root);
    if (more) yield* more;
  }

  /** Why joining the clusters of `a` and `b` would break the guard, or null. */
  conflict(a: number, b: number): Refusal | null {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return null;
    if ((this.council[ra] as number) >= 0 && (this.council[rb] as number) >= 0) {
      for (const [council, number] of this.registrationsOf(ra)) {
        const other = this.registrationIn(rb, council);
        if (other >= 0 && other !== number) return 'registration_conflict';
      }
    }
    const hA = this.hpr[ra] as number;
    const hB = this.hpr[rb] as number;
    if (hA >= 0 && hB >= 0 && hA !== hB) return 'hpr_conflict';
    if (this.cannot.size > 0) {
      const small = this.size[ra]! <= this.size[rb]! ? ra : rb;
      const other = small === ra ? rb : ra;
      for (const m of this.membersOf(small)) {
        for (const c of this.cannot.get(m) ?? []) if (this.find(c) === other) return 'cannot_link';
      }
    }
    return null;
  }

  /** The members of a root's cluster, in list order. */
  private *membersOf(root: number): Generator<number> {
    let m = root;
    do {
      yield m;
      m = this.next[m] as number;
    } while (m !== root);
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
    if (this.size[ra] === 1 && this.size[rb] === 1) this.groupCount++;
    else if (this.size[ra]! > 1 && this.size[rb]! > 1) this.groupCount--;
    this.parent[rb] = ra;
    this.size[ra] = this.size[ra]! + this.size[rb]!;
    for (const [council, number] of [...this.registrationsOf(rb)]) {
      if (this.registrationIn(ra, council) >= 0) continue;
      if ((this.council[ra] as number) < 0) {
        this.council[ra] = council;
        this.registration[ra] = number;
      } else {
        const more = this.moreRegistrations.get(ra) ?? new Map<number, number>();
        more.set(council, number);
        this.moreRegistrations.set(ra, more);
      }
    }
    this.moreRegistrations.delete(rb);
    if ((this.hpr[ra] as number) < 0) this.hpr[ra] = this.hpr[rb] as number;
    // Splice the two circular member lists into one.
    const after = this.next[ra] as number;
    this.next[ra] = this.next[rb] as number;
    this.next[rb] = after;
    return null;
  }

  /** How many clusters of two or more nodes there are. */
  get count(): number {
    return this.groupCount;
  }

  /** Clusters of two or more nodes, one at a time in order of their roots: root and members, sorted. */
  *groups(): Generator<[number, number[]]> {
    for (let root = 0; root < this.parent.length; root++) {
      if (this.parent[root] !== root || (this.size[root] as number) < 2) continue;
      yield [root, [...this.membersOf(root)].sort((x, y) => x - y)];
    }
  }

  /** Clusters of two or more nodes: root → members, members sorted. */
  clusters(): Map<number, number[]> {
    return new Map(this.groups());
  }
}
