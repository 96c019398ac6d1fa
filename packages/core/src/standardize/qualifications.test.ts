import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Qualification } from '../model/common.js';
import { standardizeQualifications } from './qualifications.js';

const q = (
  degree: string,
  subject: string | null = null,
  institution: string | null = null,
): Qualification => ({
  degree,
  subject,
  institution,
});

describe('standardizeQualifications', () => {
  it.each<[unknown, Qualification[]]>([
    [
      'MBBS, MD (General Medicine), DM (Cardiology), FACC',
      [q('MBBS'), q('MD', 'General Medicine'), q('DM', 'Cardiology'), q('FACC')],
    ],
    ['M.B.B.S.', [q('MBBS')]],
    ['M.Ch. (Neuro Surgery)', [q('MCh', 'Neuro Surgery')]],
    ['M. Ch', [q('MCh')]],
    ['D.N.B.', [q('DNB')]],
    ['M.D.(Paediatrics)', [q('MD', 'Paediatrics')]],
    ['MD (General Medicine) (AIIMS)', [q('MD', 'General Medicine', 'AIIMS')]],
    ['MD - General Medicine', [q('MD', 'General Medicine')]],
    ['MBBS - MD - DM', [q('MBBS'), q('MD'), q('DM')]],
    ['MBBS; MS (Ortho); DNB', [q('MBBS'), q('MS', 'Ortho'), q('DNB')]],
    ['MBBS / MS / MCh', [q('MBBS'), q('MS'), q('MCh')]],
    ['MBBS MD DM', [q('MBBS'), q('MD'), q('DM')]],
    ['MD Medicine DM Cardiology', [q('MD', 'Medicine'), q('DM', 'Cardiology')]],
    ['DNB (Obs/Gynae)', [q('DNB', 'Obs/Gynae')]],
    [
      ['MBBS', 'MS (Obs & Gynae)', 'DNB'],
      [q('MBBS'), q('MS', 'Obs & Gynae'), q('DNB')],
    ],
    ['MRCP (UK), FRCS (Edin)', [q('MRCP', null, 'UK'), q('FRCS', null, 'Edin')]],
    ['MBBS (AIIMS)', [q('MBBS', null, 'AIIMS')]],
    ['MBBS from Madras Medical College', [q('MBBS', null, 'Madras Medical College')]],
    ['MD (Medicine) (Grant Medical College, Mumbai)', [q('MD', 'Medicine', 'Grant Medical College, Mumbai')]],
    ['Fellowship in Interventional Cardiology', [q('Fellowship', 'Interventional Cardiology')]],
    ['Diploma in Child Health (DCH)', [q('DCH', 'Child Health')]],
    ['BDS, MDS (Orthodontics)', [q('BDS'), q('MDS', 'Orthodontics')]],
    ['BAMS', [q('BAMS')]],
    ['BHMS, MD (Hom)', [q('BHMS'), q('MD', 'Hom')]],
    [
      'DGO, DCH, DA, DLO, DOMS, DPM, DMRD',
      [q('DGO'), q('DCH'), q('DA'), q('DLO'), q('DOMS'), q('DPM'), q('DMRD')],
    ],
    ['FRCP, FACS, FICS, MRCOG, FRCOG', [q('FRCP'), q('FACS'), q('FICS'), q('MRCOG'), q('FRCOG')]],
    ['Ph.D, MPH, MNAMS', [q('PhD'), q('MPH'), q('MNAMS')]],
    ['MS (General Surgery), FIAGES, FMAS', [q('MS', 'General Surgery'), q('FIAGES'), q('FMAS')]],
    ['MBBS,  MD (Anaesthesia),  IDCCM', [q('MBBS'), q('MD', 'Anaesthesia'), q('IDCCM')]],
    ['MBBS, MBBS', [q('MBBS')]],
    ['mbbs, md', [q('MBBS'), q('MD')]],
    ['', []],
  ])('%j', (raw, expected) => {
    const result = standardizeQualifications(raw);
    expect(result.value).toEqual(expected);
    expect(result.unmapped).toEqual([]);
  });

  it('puts unrecognised fragments in unmapped and does not emit them', () => {
    expect(standardizeQualifications('MBBS, Gold Medalist, MD')).toEqual({
      value: [q('MBBS'), q('MD')],
      unmapped: ['Gold Medalist'],
      warnings: [],
    });
    expect(standardizeQualifications(['MBBS', 3]).unmapped).toEqual(['3']);
    expect(standardizeQualifications(12).unmapped).toEqual(['12']);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), (raw) => {
        standardizeQualifications(raw);
      }),
      { numRuns: 500 },
    );
  });

  it('reads its own output back unchanged', () => {
    const degrees = fc.constantFrom('MBBS', 'MD', 'MS', 'DM', 'MCh', 'DNB', 'FRCS', 'PhD');
    const subjects = fc.option(fc.constantFrom('General Medicine', 'Cardiology', 'Obs & Gynae'), {
      nil: null,
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(degrees, subjects), { maxLength: 5 }), (parts) => {
        const text = parts.map(([d, s]) => (s === null ? d : `${d} (${s})`)).join(', ');
        const once = standardizeQualifications(text).value;
        const show = (x: Qualification): string =>
          x.degree + [x.subject, x.institution].map((p) => (p === null ? '' : ` (${p})`)).join('');
        const again = standardizeQualifications(once.map(show).join(', ')).value;
        expect(again).toEqual(once);
      }),
    );
  });
});
