import { pageMessage } from '../../platform/views/pagination.ts';
import type { ServiceContent } from './content.ts';

/**
 * The Directory of Services' public interface for finding services: what the search page uses,
 * and what other modules use to signpost families (DirectoryService.search and .publicService).
 */

export const PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Pages beyond this are refused as a mistake rather than searched for. */
export const MAX_PAGE = 1000;

export interface DirectorySearch {
  /** Words to look for: stemmed, and tolerant of small spelling mistakes. */
  words?: string;
  /** Category codes (tenant file, directoryCategories): any of them. */
  categories?: string[];
  /** Windscreen levels of need: any of them. */
  levels?: number[];
  /** The age of the child: services whose age range includes it. */
  age?: number;
  /** District codes: services covering any of them, or the whole area. */
  districts?: string[];
  /** A quadrant code: the same as its districts. */
  quadrant?: string;
  /** Only services that are free. */
  freeOnly?: boolean;
  /** Delivered in any of these ways. */
  delivery?: string[];
  /** A UK postcode or outward code: nearest services first. */
  postcode?: string;
  /** From 1. A page past the end gives the last page (and says so). */
  page?: number;
  pageSize?: number;
}

export interface ServiceSummary {
  id: string;
  name: string;
  organisationName: string;
  /** The start of the description, ending at a word. */
  summary: string;
  levels: number[];
  minimumAge: number | null;
  maximumAge: number | null;
  isFree: boolean;
  fees: string | null;
  deliveryModes: string[];
  accessRoute: ServiceContent['accessRoute'];
  professionalsOnly: boolean;
  countywide: boolean;
  districts: string[];
  /** The nearest place (with a postcode given) or the first one listed. */
  place: { name: string; city: string; postcode: string } | null;
  placeCount: number;
  /** Metres to the nearest place, when a postcode was given and the service has a place. */
  distanceMetres: number | null;
  lastCheckedAt: Date;
}

export interface DirectorySearchResult {
  services: ServiceSummary[];
  total: number;
  /** The page shown: the last page when the one asked for is past the end. */
  page: number;
  pages: number;
  pageSize: number;
  /** The page asked for was past the end. */
  pastEnd: boolean;
  requestedPage: number;
  sortedBy: 'distance' | 'relevance' | 'name';
  /** The postcode distances are measured from; approximate when only its district's centre is known. */
  origin: { postcode: string; approximate: boolean } | null;
}

export interface PublicService {
  id: string;
  organisationName: string;
  content: ServiceContent;
  categories: { code: string; name: string }[];
  lastCheckedAt: Date;
  updatedAt: Date;
}

export interface DirectoryOptions {
  categories: { code: string; name: string; termId: string }[];
  levels: { level: number; name: string }[];
  districts: { code: string; name: string; quadrant: string }[];
  quadrants: { code: string; name: string; districts: string[] }[];
}

/** A search the directory cannot run, with the field to blame and a message for the person. */
export class DirectorySearchError extends Error {
  constructor(
    readonly field: 'words' | 'category' | 'level' | 'age' | 'area' | 'delivery' | 'postcode' | 'page',
    message: string,
  ) {
    super(message);
  }
}

export const SEARCH_MESSAGES = {
  words: 'Search words must be 200 characters or fewer',
  category: 'Select categories from the list',
  level: 'Select levels of need from the list',
  ageFormat: 'Enter the child’s age as a whole number, like 8',
  ageRange: 'Enter an age from 0 to 25',
  area: 'Select an area from the list',
  free: 'Select “Free” or leave it unselected',
  delivery: 'Select how the service is delivered from the list',
  postcodeFormat: 'Enter a real postcode, like CM1 1QH',
  postcodeUnknown: (postcode: string) => `We do not know where ${postcode} is: check it or leave it blank`,
  page: pageMessage(MAX_PAGE),
} as const;
