import * as z from 'zod';
import { BookingRulesSchema } from './booking-rules.ts';
import { OpeningHoursSchema } from './center.ts';
import { Id, Instant, Text, Version } from './schema-kit.ts';

export const ROOM_KINDS = [
  'education-training-hall',
  'reading-room',
  'recreation-sports-room',
  'organisational-life-hall',
  'secretary-studio',
  'branch-secretary-office',
  'meeting-room',
  'heart-to-heart-room',
  'elderly-day-care',
  'community-canteen',
  'other',
] as const;

const roomFields = {
  name: Text(100),
  kind: z.enum(ROOM_KINDS).meta({ id: 'RoomKind' }),
  capacity: z.number().int().min(1).max(10_000).meta({ description: 'People the room holds at once' }),
  bookable: z.boolean(),
  openingHours: OpeningHoursSchema.optional().meta({
    description: 'Overrides the center hours for this room',
  }),
  bookingRules: BookingRulesSchema.optional().meta({
    description: 'How the room is booked (bookable rooms without rules use the defaults)',
  }),
};

export const CreateRoomSchema = z
  .strictObject({ ...roomFields, bookable: roomFields.bookable.default(true) })
  .meta({ id: 'CreateRoom' });
export type CreateRoom = z.infer<typeof CreateRoomSchema>;

export const UpdateRoomSchema = z
  .strictObject({ ...roomFields, openingHours: OpeningHoursSchema.nullable() })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'the patch must change at least one field')
  .meta({ id: 'UpdateRoom' });
export type UpdateRoom = z.infer<typeof UpdateRoomSchema>;

export const RoomSchema = z
  .object({
    id: Id,
    centerId: Id,
    ...roomFields,
    openingHours: z.string().optional(),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Room' });
export type Room = z.infer<typeof RoomSchema>;

export const WINDOW_KINDS = [
  'party-member-services',
  'comprehensive-business',
  'help-and-agency',
  'consultation-and-complaints',
] as const;

export const CreateWindowSchema = z
  .strictObject({
    name: Text(100),
    kind: z.enum(WINDOW_KINDS).meta({ id: 'WindowKind' }),
    openingHours: OpeningHoursSchema.optional(),
  })
  .meta({ id: 'CreateServiceWindow' });
export type CreateWindow = z.infer<typeof CreateWindowSchema>;

export const WindowSchema = z
  .object({
    id: Id,
    centerId: Id,
    name: z.string(),
    kind: z.enum(WINDOW_KINDS),
    openingHours: z.string().optional(),
    createdAt: Instant,
  })
  .meta({ id: 'ServiceWindow' });
export type ServiceWindow = z.infer<typeof WindowSchema>;
