// The record module's surface: envelope, record v1 model, parse, validate, lookup codes, vocabulary.
export * from './envelope.ts';
export type * from './model.ts';
export {
  LEVELS, LEVEL_GRADES, levelOfGrade, SEXES, SUBJECT_LEVELS, CRITERION_LEVELS, YEAR_RESULTS, PRIMARY_TITLES,
  COMMENT_LEVELS, RATINGS, PROMOTIONS, SECONDARY_TITLES, MAX_DAYS_ABSENT,
} from './scales.ts';
export {
  primarySubjectsOf, secondarySubjectsOf, specificCompetencesOf, QUALITIES, GENERAL_COMPETENCES,
  CHOSEN_SUBJECT_COUNT,
} from './vocabulary.ts';
export type { PrimarySubject, SecondarySubject, Criterion, Assessment, SubjectKind, TestPlan } from './vocabulary.ts';
export { isProvinceCode, PROVINCE_ERAS, PROVINCES_2025, provinceAt, provinceLabel, type ProvinceAt, type ProvinceEra } from './provinces.ts';
export { parseRecord, type ParseResult } from './parse.ts';
export { findTextProblem, MAX_COMBINING_MARKS, type TextProblem, type ScriptScope } from './text-checks.ts';
export { validateRecord } from './validate.ts';
export { termAverageTenths, yearAverageTenths, learningResultOf, formatTenths, toTenths } from './rules-tt22.ts';
export { yearResultOf } from './rules-tt27.ts';
export {
  isLookupCode, normalizeLookupCode, formatLookupCode, parseLookupInput, lookupCodeLayoutProblem, LOOKUP_CODE_LENGTH,
  type LookupInputResult, type LookupInputProblem, type LookupCodeLayoutProblem,
} from './lookup-code.ts';
export { toRecordXml, contentIdOf } from './to-xml.ts';
export { FIELD_LABELS, LEVEL_WORDS, ROLE_WORDS, SCALE_WORDS, TRANSLATED_VALUES, englishOf, termOf, type FieldKey, type WordsLang } from './words.ts';
