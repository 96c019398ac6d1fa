/** A candidate place of a search answer, as much of it as the enricher keeps (the same from either API). */
export interface PlaceCandidate {
  placeId: string;
  name: string | null;
  formattedAddress: string | null;
  location: { lat: number; lng: number } | null;
  /** `OPERATIONAL`, `CLOSED_TEMPORARILY`, `CLOSED_PERMANENTLY`, or null when Google did not say. */
  businessStatus: string | null;
}

/** Contact details from Place Details. */
export interface PlaceContact {
  phone: string | null;
  website: string | null;
}

/**
 * Contact details from the phone numbers and website of a Place Details
 * answer: the phone in E.164 when Google gave an international number.
 */
export function toContact(international: unknown, local: unknown, website: unknown): PlaceContact {
  const intl = typeof international === 'string' ? international : null;
  const national = typeof local === 'string' ? local : null;
  const e164 = intl ? `+${intl.replace(/\D/g, '')}` : null;
  const phone = e164 && /^\+[1-9]\d{6,14}$/.test(e164) ? e164 : (intl ?? national);
  return { phone, website: typeof website === 'string' ? website : null };
}
