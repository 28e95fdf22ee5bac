// The record's one vocabulary (api/record/words.ts): every value of the closed lists has its English, English
// keeps the official term in brackets, and the portal and the PDF print the same labels.
import { describe, expect, it } from 'vitest';
import {
  COMMENT_LEVELS, CRITERION_LEVELS, GENERAL_COMPETENCES, PRIMARY_TITLES, PROMOTIONS, QUALITIES, RATINGS, SECONDARY_TITLES,
  SEXES, SUBJECT_LEVELS, YEAR_RESULTS, primarySubjectsOf, secondarySubjectsOf, specificCompetencesOf,
} from '../../../api/record/index.ts';
import { FIELD_LABELS, LEVEL_WORDS, SCALE_WORDS, englishOf, termOf } from '../../../api/record/words.ts';
import { LABEL, toCommentLevel, SUBJECT_LEVEL_LEGEND } from '../../../api/render/words.ts';
import { en } from '../../../site/lib/text-en.ts';
import { vi } from '../../../site/lib/text-vi.ts';

describe('record words', () => {
  it('has an English word for every value of every closed list and of every subject and criterion', () => {
    const values = [
      ...SEXES, ...YEAR_RESULTS, ...PRIMARY_TITLES, ...RATINGS, ...PROMOTIONS, ...SECONDARY_TITLES,
      ...Object.values(SCALE_WORDS.subject), ...Object.values(SCALE_WORDS.criterion), ...Object.values(SCALE_WORDS.comment),
      ...Object.values(LEVEL_WORDS.vi),
      ...[1, 2, 3, 4, 5].flatMap((grade) => primarySubjectsOf(grade).map((subject) => subject.name)),
      ...(['THCS', 'THPT'] as const).flatMap((level) => secondarySubjectsOf(level).map((subject) => subject.name)),
      ...[...QUALITIES, ...GENERAL_COMPETENCES, ...specificCompetencesOf(5)].map((criterion) => criterion.name),
    ];
    expect(values.filter((value) => englishOf(value) === undefined)).toEqual([]);
    // Every scale letter is a word of its scale.
    expect(Object.keys(SCALE_WORDS.subject)).toEqual([...SUBJECT_LEVELS]);
    expect(Object.keys(SCALE_WORDS.criterion)).toEqual([...CRITERION_LEVELS]);
    expect(Object.keys(SCALE_WORDS.comment)).toEqual([...COMMENT_LEVELS]);
  });

  it('writes a value as is in Vietnamese, and in English with the official term in brackets; free text stays as written', () => {
    expect(termOf('Được lên lớp', 'vi')).toBe('Được lên lớp');
    expect(termOf('Được lên lớp', 'en')).toBe('Promoted to the next grade (Được lên lớp)');
    expect(termOf('Tốt', 'en')).toBe('Good (Tốt)');
    expect(termOf('Giáo viên chủ nhiệm', 'en')).toBe('Homeroom teacher (Giáo viên chủ nhiệm)');
    // Decomposed input (NFD) is the same word.
    expect(termOf('Tốt'.normalize('NFD'), 'en')).toBe('Good (Tốt)');
    expect(termOf('Tổ trưởng chuyên môn', 'en')).toBe('Tổ trưởng chuyên môn');
  });

  it('gives the portal and the PDF one label per field (no "Họ tên cha" beside "Họ và tên cha")', () => {
    expect(LABEL).toBe(FIELD_LABELS.vi);
    expect(vi.content.father).toBe(FIELD_LABELS.vi.fatherName);
    expect(vi.check.fieldLabels.fatherName).toBe(FIELD_LABELS.vi.fatherName);
    expect(vi.content.personalId).toBe(LABEL.personalId);
    expect(en.content.father).toBe(FIELD_LABELS.en.fatherName);
    expect(en.check.fieldLabels.motherName).toBe(FIELD_LABELS.en.motherName);
    expect(Object.keys(FIELD_LABELS.en).sort()).toEqual(Object.keys(FIELD_LABELS.vi).sort());
    expect(toCommentLevel('CĐ')).toBe(vi.content.commentLevels['CĐ']);
    expect(SUBJECT_LEVEL_LEGEND).toBe('Mức đạt được: T – Hoàn thành tốt; H – Hoàn thành; C – Chưa hoàn thành.');
    expect(en.content.criterionLevels).toEqual({ T: 'Good', 'Đ': 'Pass', C: 'Needs effort' });
  });
});
