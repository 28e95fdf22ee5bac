// `/xac-minh-hang-loat/ket-qua.csv`: the bulk results as a CSV file (UTF-8 with BOM).
import type { APIRoute } from 'astro';
import { answerBulkCsv } from '../../../lib/bulk-csv-route.ts';

export const ALL: APIRoute = ({ locals, request }) => answerBulkCsv(locals, request, 'en');
