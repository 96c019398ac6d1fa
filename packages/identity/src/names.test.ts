import { describe, expect, it } from 'vitest';
import { compareNames, editDistanceAtMostOne, nameTokens } from './names.js';

const cmp = (a: string, b: string) => compareNames(nameTokens(a), nameTokens(b));

describe('names', () => {
  it('splits full tokens from initials and drops honorifics', () => {
    expect(nameTokens('Dr. K. Ramesh Kumar')).toEqual({ tokens: ['kumar', 'ramesh'], initials: ['k'] });
    expect(nameTokens('Prof. (Dr.) Ánand  S.')).toEqual({ tokens: ['anand'], initials: ['s'] });
    expect(nameTokens(null)).toEqual({ tokens: [], initials: [] });
  });

  it('agrees whatever the word order, and with initials', () => {
    expect(cmp('K. Ramesh Kumar', 'Ramesh Kumar K')).toBe('exact');
    expect(cmp('Dr. Ramesh K', 'K. Ramesh Kumar')).toBe('compatible');
    expect(cmp('R. Kumar', 'Ramesh Kumar')).toBe('compatible');
    expect(cmp('Srinivasan Iyer', 'Srinivasn Iyer')).toBe('compatible');
  });

  it('tells a shared family name and different names apart', () => {
    expect(cmp('Suresh Kumar', 'Ramesh Kumar')).toBe('shared_token');
    expect(cmp('Anita Desai', 'Priya Sharma')).toBe('different');
    expect(cmp('', 'Priya Sharma')).toBeNull();
  });

  it('counts one keystroke: substitution, insertion, deletion, neighbours swapped', () => {
    expect(editDistanceAtMostOne('54321', '54312')).toBe(true);
    expect(editDistanceAtMostOne('54321', '54331')).toBe(true);
    expect(editDistanceAtMostOne('54321', '5432')).toBe(true);
    expect(editDistanceAtMostOne('54321', '154321')).toBe(true);
    expect(editDistanceAtMostOne('54321', '12345')).toBe(false);
    expect(editDistanceAtMostOne('54321', '54213')).toBe(false);
  });
});
