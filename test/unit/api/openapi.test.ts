import { describe, expect, it } from 'vitest';
import { functions } from '../../../infra/manifest.ts';
import { buildOpenApiDocument } from '../../../shared/api/openapi.ts';

const document = buildOpenApiDocument();
type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown> };
const paths = document.paths as Record<string, Record<string, Operation>>;

const manifestRoutes = functions.flatMap((fn) =>
  fn.trigger.kind === 'http' ? fn.trigger.routes.map((r) => ({ ...r, fn: fn.id })) : [],
);

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the problem and center schemas as components', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining([
        'Problem',
        'Center',
        'CreateCenter',
        'UpdateCenter',
        'Room',
        'Closure',
        'CenterImport',
      ]),
    );
  });

  it('names exactly these components, the type names clients generate from it', () => {
    expect(Object.keys(document.components?.schemas ?? {}).sort()).toEqual([
      'AcceptServiceOrder',
      'ActivitiesPage',
      'Activity',
      'ActivityKind',
      'AvailabilitySearch',
      'Booking',
      'BookingRules',
      'BookingStatus',
      'BookingsFeed',
      'BookingsPage',
      'CalendarDays',
      'CalendarList',
      'CalendarSummary',
      'CancelBooking',
      'CancelServiceOrder',
      'Center',
      'CenterImport',
      'CenterImportDryRun',
      'CenterImportRow',
      'CenterKind',
      'CenterOpeningStatus',
      'CenterStats',
      'CenterStatus',
      'CentersPage',
      'CheckIn',
      'CloseServiceOrderFollowUp',
      'Closure',
      'ClosuresPage',
      'CompleteServiceOrder',
      'ConsoleConfig',
      'Contact',
      'CourseCategory',
      'CourseMenuContent',
      'CourseOrder',
      'CourseOrderCourse',
      'CourseOrderHistoryEntry',
      'CourseOrdersPage',
      'CreateActivity',
      'CreateBooking',
      'CreateCenter',
      'CreateClosure',
      'CreateCourseOrder',
      'CreateRoom',
      'CreateServiceOrder',
      'CreateServiceWindow',
      'DeclineBooking',
      'DeliverCourseOrder',
      'EndCourseOrder',
      'GatewayMessage',
      'GridBuildStats',
      'GridCell',
      'GridCenter',
      'GridCircleSummary',
      'GridCounts',
      'GridGap',
      'GridGeoJson',
      'GridHistory',
      'GridHistoryPoint',
      'GridLiveLoad',
      'GridRebuildResult',
      'GridSnapshot',
      'GridSnapshotHeader',
      'GridStreet',
      'Health',
      'Level',
      'ListedCenter',
      'ListedCentersPage',
      'Location',
      'MenuAccepted',
      'MenuAdaptationChanges',
      'MenuContent',
      'MenuCopiesPage',
      'MenuCopy',
      'MenuCopyDecision',
      'MenuDeliveryFailure',
      'MenuFanOutProgress',
      'MenuScope',
      'MenuWithProgress',
      'Occurrence',
      'OccurrencesPage',
      'OnBehalfOf',
      'OrderHistoryEntry',
      'Problem',
      'PushMenu',
      'PutService',
      'RateCourseOrder',
      'RateServiceOrder',
      'RejectServiceOrder',
      'Room',
      'RoomAvailability',
      'RoomKind',
      'RoomsPage',
      'ScheduleCourseOrder',
      'Service',
      'ServiceAttribute',
      'ServiceMenuContent',
      'ServiceOrder',
      'ServiceOrdersPage',
      'ServiceWindow',
      'ServiceWindowsPage',
      'ServicesPage',
      'StartCenterImport',
      'StatsFigures',
      'StatsShare',
      'StatusReason',
      'TimeLimit',
      'TransferServiceOrder',
      'UpdateCenter',
      'UpdateMenu',
      'UpdateRoom',
      'WalkIn',
      'WindowKind',
      'WithdrawMenu',
      'YearCalendar',
    ]);
  });

  it.each(manifestRoutes)('documents $method $path ($fn) with the auth the manifest gives it', (route) => {
    const operation = paths[route.path]?.[route.method.toLowerCase()];
    expect(operation, `${route.method} ${route.path} missing`).toBeDefined();
    if (route.auth === 'public') expect(operation?.security).toEqual([]);
    else expect(operation?.security).toEqual([{ bearer: [] }]);
  });

  it('documents no route that the manifest does not declare', () => {
    const declared = new Set(manifestRoutes.map((r) => `${r.method} ${r.path}`));
    const documented = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((d) => !declared.has(d))).toEqual([]);
  });

  it('describes error answers as application/problem+json', () => {
    const create = paths['/centers']?.post?.responses as Record<
      string,
      { content?: Record<string, unknown> }
    >;
    expect(Object.keys(create['400']?.content ?? {})).toEqual(['application/problem+json']);
  });
});
