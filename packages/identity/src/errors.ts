import { PdmError } from '@provider-data/core';

/** An identity request that cannot be done as asked; `code` says why (`practitioner_not_found`, `person_not_found`, `same_practitioner`, `identity_not_run`). */
export class IdentityError extends PdmError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'IdentityError';
  }
}
