import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import {
  ActivityParams,
  ActivitySchema,
  CreateActivitySchema,
  OccurrenceSchema,
} from '../domain/activities.ts';
import {
  AvailabilityQuery,
  AvailabilityResultSchema,
  AvailabilitySchema,
  AvailabilitySearchQuery,
  BookingParams,
  BookingSchema,
  BookingsFeedSchema,
  BookingsPage,
  CancelBookingSchema,
  CenterBookingsQuery,
  CheckInSchema,
  CreateBookingSchema,
  DeclineBookingSchema,
  FeedParams,
  MyBookingsQuery,
} from '../domain/booking.ts';
import { CenterParams, RoomParams } from '../domain/params.ts';
import { PageQuery, page } from '../domain/schema-kit.ts';
import { IdempotencyHeader, jsonBody } from './document-kit.ts';
import type { PathHelpers } from './grid-paths.ts';

const ActivitiesPage = page(ActivitySchema, 'ActivitiesPage');
const OccurrencesPage = page(OccurrenceSchema, 'OccurrencesPage');

/** Room availability, bookings and activities. */
export function registerBookingPaths(
  registry: OpenAPIRegistry,
  { json, problemResponses, secured }: PathHelpers,
) {
  const read = problemResponses(400, 401, 403, 404);
  const change = problemResponses(400, 401, 403, 404, 409, 413, 415, 503);
  const tags = ['bookings'];

  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/rooms/{roomId}/availability',
    operationId: 'getRoomAvailability',
    tags,
    summary:
      "The slots of a bookable room on a local day, one per step: the center's hours, the China calendar (holidays, adjusted working days), closures and the bookings so far, in the center's time zone",
    security: secured,
    request: { params: RoomParams, query: AvailabilityQuery },
    responses: { 200: json(AvailabilitySchema, 'The day'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/availability',
    operationId: 'searchAvailability',
    tags,
    summary:
      'Centers near a point (the 10 nearest within radius) with a bookable room of a kind free over from-to (within one day of opening hours), or activities of a kind with seats left then; nearest first',
    security: secured,
    request: { query: AvailabilitySearchQuery },
    responses: { 200: json(AvailabilityResultSchema, 'What is free, by center'), ...read },
  });
  registry.registerPath({
    method: 'post',
    path: '/bookings',
    operationId: 'createBooking',
    tags,
    summary:
      'Book a room slot or seats of an activity occurrence at any center: confirmed, pending (rooms that need approval) or waitlisted (full, and waitlist asked). 400 names every reason a slot is refused; 409 when taken, full, overlapping another booking of yours or over your limit; 403 when suspended or not a Party member where only they may book',
    security: secured,
    request: { headers: IdempotencyHeader, body: jsonBody(CreateBookingSchema) },
    responses: {
      201: json(BookingSchema, 'Booked (see status)', { etag: true, location: '/bookings/{id}' }),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/bookings/{id}',
    operationId: 'getBooking',
    tags,
    summary: 'One booking with its history: the resident who made it, staff of its center or above, admins',
    security: secured,
    request: { params: BookingParams },
    responses: { 200: json(BookingSchema, 'The booking', { etag: true }), ...read },
  });
  const actions = [
    {
      path: 'cancel',
      operationId: 'cancelBooking',
      body: CancelBookingSchema,
      summary:
        'Cancel: the resident until the cut-off (a waitlist place any time), staff of the center any time with a reason. The seats go to the first waiting in the same write',
    },
    {
      path: 'approve',
      operationId: 'approveBooking',
      body: undefined,
      summary: 'Approve a pending booking (staff of the center)',
    },
    {
      path: 'decline',
      operationId: 'declineBooking',
      body: DeclineBookingSchema,
      summary: 'Decline a pending booking with the reason (staff of the center); its slot is free again',
    },
    {
      path: 'check-in',
      operationId: 'checkInBooking',
      body: CheckInSchema,
      summary:
        'Check a resident in with the code they show (staff of the center), from 30 minutes before the start until the end',
    },
  ] as const;
  for (const action of actions) {
    registry.registerPath({
      method: 'post',
      path: `/bookings/{id}/${action.path}`,
      operationId: action.operationId,
      tags,
      summary: action.summary,
      security: secured,
      request: { params: BookingParams, ...(action.body ? { body: jsonBody(action.body) } : {}) },
      responses: { 200: json(BookingSchema, 'The changed booking', { etag: true }), ...change },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/me/bookings',
    operationId: 'listMyBookings',
    tags,
    summary: "The caller's bookings, latest start first; cancelled ones say who cancelled and why",
    security: secured,
    request: { query: MyBookingsQuery },
    responses: { 200: json(BookingsPage, 'A page of bookings'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/bookings',
    operationId: 'listCenterBookings',
    tags,
    summary: "A center's bookings of a local day, by start (staff of the center or above, admins)",
    security: secured,
    request: { params: CenterParams, query: CenterBookingsQuery },
    responses: { 200: json(BookingsPage, 'A page of bookings'), ...read },
  });

  registry.registerPath({
    method: 'post',
    path: '/centers/{id}/activities',
    operationId: 'createActivity',
    tags: ['activities'],
    summary:
      'Publish an activity, once or as an RRULE series read in the center zone (staff of the center or above). Every occurrence is checked against the calendar and closures: those refused are listed in skipped with the reason',
    security: secured,
    request: { params: CenterParams, headers: IdempotencyHeader, body: jsonBody(CreateActivitySchema) },
    responses: {
      201: json(ActivitySchema, 'Published', {
        etag: true,
        location: '/centers/{id}/activities/{activityId}',
      }),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/activities',
    operationId: 'listActivities',
    tags: ['activities'],
    summary: 'The activities a center publishes',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(ActivitiesPage, 'A page of activities'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/activities/{activityId}',
    operationId: 'getActivity',
    tags: ['activities'],
    summary: 'One activity, with the dates of its series that were refused',
    security: secured,
    request: { params: ActivityParams },
    responses: { 200: json(ActivitySchema, 'The activity', { etag: true }), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/activities/{activityId}/occurrences',
    operationId: 'listOccurrences',
    tags: ['activities'],
    summary: 'The occurrences of an activity, each bookable on its own, with seats left and how many wait',
    security: secured,
    request: { params: ActivityParams, query: PageQuery },
    responses: { 200: json(OccurrencesPage, 'A page of occurrences'), ...read },
  });

  const calendar = (description: string) => ({
    description,
    content: { 'text/calendar': { schema: z.string().meta({ description: 'iCalendar (RFC 5545)' }) } },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/activities.ics',
    operationId: 'getCenterActivitiesFeed',
    tags: ['activities'],
    summary: "A center's upcoming public activities as an iCalendar feed (no token: for calendar apps)",
    security: [],
    request: { params: CenterParams },
    responses: { 200: calendar('The feed'), ...problemResponses(400, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/feeds/{token}/bookings.ics',
    operationId: 'getBookingsFeed',
    tags: ['bookings'],
    summary:
      "A resident's bookings as iCalendar; the secret token in the URL is the credential. 404 once revoked",
    security: [],
    request: { params: FeedParams },
    responses: { 200: calendar('The feed'), ...problemResponses(400, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/me/bookings/feed',
    operationId: 'createBookingsFeed',
    tags: ['bookings'],
    summary: 'A new private iCalendar feed URL of your bookings; the previous one stops working',
    security: secured,
    responses: {
      201: json(BookingsFeedSchema, 'The feed', { location: '/feeds/{token}/bookings.ics' }),
      ...problemResponses(401, 403, 409, 503),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/me/bookings/feed',
    operationId: 'deleteBookingsFeed',
    tags: ['bookings'],
    summary: 'Revoke your private bookings feed',
    security: secured,
    responses: { 204: { description: 'Revoked' }, ...problemResponses(401, 403, 404) },
  });
}
