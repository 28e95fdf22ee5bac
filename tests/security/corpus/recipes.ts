// Every recipe of the attack corpus, in manifest order (one file per technique).
import { CODEC } from './recipes-codec.ts';
import { HTTP } from './recipes-http.ts';
import { PARSER } from './recipes-parser.ts';
import { SIGNERS } from './recipes-signers.ts';
import { TEXT } from './recipes-text.ts';
import { VN_PROFILE } from './recipes-vn.ts';
import { WRAPPING } from './recipes-wrapping.ts';
import type { Recipe } from './types.ts';

export const RECIPES: readonly Recipe[] = [...WRAPPING, ...TEXT, ...PARSER, ...CODEC, ...SIGNERS, ...VN_PROFILE, ...HTTP];

export function recipeFor(file: string): Recipe {
  const found = RECIPES.find((recipe) => recipe.file === file);
  if (!found) throw new Error(`no recipe for ${file}`);
  return found;
}
