// Plausible THCS/THPT results (TT 22/2021): component scores, averages by the formula, results by the rules.
import { randomFor, type Random } from './sample-random.ts';
import { personName } from './sample-people.ts';
import { secondaryOutcome, type SecondarySampleContext } from './sample-outcome.ts';
import { termAverageTenths, toTenths, yearAverageTenths } from '../record/rules-tt22.ts';
import { secondarySubjectsOf, type SecondarySubject } from '../record/vocabulary.ts';
import type { SecondaryResults, SecondarySubjectResult, TermScores } from '../record/model.ts';

/** Typical THPT choices (4 of the chosen group): natural sciences, social sciences, technology, arts. */
const CHOICES = [
  ['VL', 'HH', 'SH', 'TIN'], ['VL', 'HH', 'TIN', 'CN'], ['DL', 'GDKTPL', 'VL', 'HH'], ['DL', 'GDKTPL', 'TIN', 'CN'],
  ['HH', 'SH', 'DL', 'GDKTPL'], ['DL', 'GDKTPL', 'TIN', 'MT'], ['VL', 'HH', 'DL', 'TIN'],
];
// Continuous scores per term follow the periods a year: 4 above 70, 3 from 35 to 70, 2 up to 35.
const CONTINUOUS_COUNT: Readonly<Record<string, number>> = { NV: 4, TOAN: 4, NN1: 4, KHTN: 4, LSDL: 4, GDCD: 2, TIN: 2, GDQPAN: 2 };
const SUBJECT_COMMENTS = ['Tích cực, tự giác trong học tập.', 'Có tiến bộ so với học kì I.', 'Cần chủ động hơn trong giờ học.'];

export function sampleSecondaryResults(random: Random, context: SecondarySampleContext): SecondaryResults {
  const choice = random.pick(CHOICES);
  const subjects = secondarySubjectsOf(context.level)
    .filter((subject) => subject.kind === 'compulsory' || (subject.kind === 'chosen' && choice.includes(subject.code)))
    .map((subject) => sampleSubject(random, subject, context));
  return secondaryOutcome(random, context, subjects);
}

function sampleSubject(random: Random, subject: SecondarySubject, context: SecondarySampleContext): SecondarySubjectResult {
  const teacher = personName(randomFor(context.schoolCode, context.className, subject.code), randomFor(subject.code).chance(0.7) ? 'Nữ' : 'Nam');
  const comment = random.chance(0.3) ? random.pick(SUBJECT_COMMENTS) : undefined;
  const shared = { code: subject.code, name: subject.name, teacher, ...(comment ? { comment } : {}) };
  if (subject.assessment === 'comment') {
    const term1 = context.ability < 0.25 && random.chance(0.3) ? 'CĐ' as const : 'Đ' as const;
    const year = context.ability < 0.12 && random.chance(0.3) ? 'CĐ' as const : 'Đ' as const;
    return { ...shared, assessment: 'comment', term1, term2: year, year };
  }
  const mean = 3.5 + 6.3 * context.ability + random.normal(0, 1.2);
  const count = CONTINUOUS_COUNT[subject.code] ?? 3;
  const term1Scores = termScores(random, mean, count);
  const term2Scores = termScores(random, mean + 0.2, count);
  const term1 = termAverageTenths(term1Scores);
  const term2 = termAverageTenths(term2Scores);
  return {
    ...shared, assessment: 'score',
    term1Scores, term1: term1 / 10, term2Scores, term2: term2 / 10, year: yearAverageTenths(term1, term2) / 10,
  };
}

// Continuous scores are whole marks; mid- and end-of-term tests may carry halves.
function termScores(random: Random, mean: number, count: number): TermScores {
  const mark = (step: number) => Math.max(1, Math.min(10, Math.round(random.normal(mean, 2.2) / step) * step));
  const continuous = Array.from({ length: count }, () => mark(1));
  return { continuous, midTerm: toTenths(mark(0.5)) / 10, endTerm: toTenths(mark(0.5)) / 10 };
}
