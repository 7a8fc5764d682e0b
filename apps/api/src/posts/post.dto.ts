import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { POST_STATUSES, PostStatus } from '@app/posts';
import { GOOGLE_ACTION_TYPES, GOOGLE_TOPIC_TYPES, NETWORKS } from '@app/publishing';

export class VariantsDto {
  @ApiPropertyOptional({ description: 'Facebook text (defaults to the base text)' })
  @IsOptional()
  @IsString()
  @MaxLength(63206)
  facebook?: string;

  @ApiPropertyOptional({ description: 'LinkedIn text (defaults to the base text)' })
  @IsOptional()
  @IsString()
  @MaxLength(3000)
  linkedin?: string;

  @ApiPropertyOptional({ description: 'X text (defaults to the base text); 280 weighted characters' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  x?: string;

  @ApiPropertyOptional({
    description: 'Instagram caption (defaults to the base text); 2,200 characters, 5 hashtags, 20 @mentions',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  instagram?: string;

  @ApiPropertyOptional({
    description: 'Google Business Profile text (defaults to the base text); 1,500 characters, no phone numbers',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  google_business?: string;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d)?$/;

export class GoogleButtonDto {
  @ApiProperty({ enum: GOOGLE_ACTION_TYPES, description: 'CALL dials the phone number on the Google listing' })
  @IsIn(GOOGLE_ACTION_TYPES, { message: `actionType must be one of ${GOOGLE_ACTION_TYPES.join(', ')}` })
  actionType: (typeof GOOGLE_ACTION_TYPES)[number];

  @ApiPropertyOptional({ example: 'https://smile.example.com/book', description: 'Required except for CALL' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/^https:\/\/\S+$/, { message: 'callToAction.url must be an https URL' })
  url?: string;
}

export class GoogleEventDto {
  @ApiProperty({ example: 'Kids check-up day', maxLength: 58 })
  @IsString()
  @MinLength(1)
  @MaxLength(58)
  title: string;

  @ApiProperty({ example: '2026-12-19T09:00', description: "Local date (and time) in the practice's zone" })
  @Matches(LOCAL_DATE_TIME, { message: 'event.start must be YYYY-MM-DD or YYYY-MM-DDTHH:mm' })
  start: string;

  @ApiProperty({ example: '2026-12-19T13:00', description: "Local date (and time) in the practice's zone" })
  @Matches(LOCAL_DATE_TIME, { message: 'event.end must be YYYY-MM-DD or YYYY-MM-DDTHH:mm' })
  end: string;
}

export class GoogleOfferDto {
  @ApiPropertyOptional({ example: 'SMILE20' })
  @IsOptional()
  @IsString()
  @MaxLength(58)
  couponCode?: string;

  @ApiPropertyOptional({ example: 'https://smile.example.com/offer' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/^https:\/\/\S+$/, { message: 'offer.redeemOnlineUrl must be an https URL' })
  redeemOnlineUrl?: string;

  @ApiPropertyOptional({ example: 'New patients only; not combinable with insurance discounts.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  termsConditions?: string;
}

/** How the post goes out on Google Business Profile: an update, an event or an offer, with a button. */
export class GooglePostDto {
  @ApiProperty({ enum: GOOGLE_TOPIC_TYPES })
  @IsIn(GOOGLE_TOPIC_TYPES, { message: `topicType must be one of ${GOOGLE_TOPIC_TYPES.join(', ')}` })
  topicType: (typeof GOOGLE_TOPIC_TYPES)[number];

  @ApiPropertyOptional({ type: GoogleButtonDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GoogleButtonDto)
  callToAction?: GoogleButtonDto;

  @ApiPropertyOptional({ type: GoogleEventDto, description: 'Required for EVENT and OFFER' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GoogleEventDto)
  event?: GoogleEventDto;

  @ApiPropertyOptional({ type: GoogleOfferDto, description: 'OFFER only' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GoogleOfferDto)
  offer?: GoogleOfferDto;
}

export class MediaDto {
  @ApiProperty({
    example: 'https://cdn.example-dental.com/flu-clinic.jpg',
    description:
      'A public https image URL, or the url of an uploaded image or video (/api/media/<id>); a video is always an upload',
  })
  @IsString()
  @MaxLength(2000)
  @Matches(/^(https?:\/\/\S+|\/api\/media\/[0-9a-f-]{36})$/, {
    message: 'url must be a public http(s) image URL or an uploaded image (/api/media/<id>)',
  })
  url: string;

  @ApiProperty({
    example: 'Nurse preparing a flu shot in a bright exam room',
    description: 'Describes the image (or what the video shows) for screen readers',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  altText: string;

  @ApiPropertyOptional({ example: 'image/jpeg' })
  @IsOptional()
  @IsIn(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4', 'video/quicktime'])
  mimeType?: string;

  @ApiPropertyOptional({
    description: 'Read only: the stored copy made at submission (what is approved and published). Ignored when sent.',
  })
  @IsOptional()
  @IsUUID()
  storedId?: string;

  @ApiPropertyOptional({
    description: 'Read only: SHA-256 of the stored copy, part of the approval. Ignored when sent.',
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256?: string;

  @ApiPropertyOptional({
    description: "Read only: the image's width in pixels as shown, read from its bytes. Ignored when sent.",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  width?: number;

  @ApiPropertyOptional({ description: "Read only: the image's height in pixels as shown. Ignored when sent." })
  @IsOptional()
  @IsInt()
  @Min(0)
  height?: number;

  @ApiPropertyOptional({ description: "Read only: the image's size in bytes. Ignored when sent." })
  @IsOptional()
  @IsInt()
  @Min(0)
  size?: number;

  @ApiPropertyOptional({
    description: "Read only: a video's length in milliseconds, from its container. Ignored when sent.",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  durationMs?: number;

  @ApiPropertyOptional({ description: "Read only: a video's codec (h264, hevc...). Ignored when sent." })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  codec?: string;

  @ApiPropertyOptional({ description: "Read only: a video's frames per second. Ignored when sent." })
  @IsOptional()
  @IsNumber()
  @Min(0)
  frameRate?: number;
}

export class CreatePostDto {
  @ApiProperty({
    example: 'Flu shots are here! Call {{practice.phone}} or book at {{practice.bookingUrl}}.',
    description: 'May use template variables',
  })
  @IsString()
  @MaxLength(63206)
  baseText: string;

  @ApiPropertyOptional({ type: VariantsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VariantsDto)
  variants?: VariantsDto;

  @ApiPropertyOptional({
    type: [MediaDto],
    description:
      'The images, in order. How many each network takes is checked at submission (Google 1, X 4, Instagram and Facebook 10, LinkedIn 20).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MediaDto)
  media?: MediaDto[];

  @ApiPropertyOptional({
    type: GooglePostDto,
    nullable: true,
    description: 'Google Business Profile: update, event or offer, with a button (null: a standard update)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => GooglePostDto)
  googlePost?: GooglePostDto | null;

  @ApiPropertyOptional({ type: [String], description: 'Social accounts to publish to (one target each)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  targetAccountIds?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-12-01T09:00',
    description:
      "Local time in the practice's zone, or an ISO time with an offset (needed when a local time happens twice)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  scheduledFor?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Flu season 2026' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaign?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Library template the post came from' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  templateKey?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { flu_clinic_date: '2026-10-10' },
    description: 'Values for {{vars.*}}',
  })
  @IsOptional()
  @IsObject()
  @ValidateStringRecord()
  templateVars?: Record<string, string>;
}

export class UpdatePostDto extends PartialType(CreatePostDto) {}

export class PostQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'Local date in the practice zone, or an ISO instant' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Local date (inclusive) or an ISO instant (exclusive)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({ description: 'One status or several, comma-separated', example: 'scheduled,approved' })
  @IsOptional()
  @Matches(new RegExp(`^(${POST_STATUSES.join('|')})(,(${POST_STATUSES.join('|')}))*$`), {
    message: `status must be one or more of ${POST_STATUSES.join(', ')}`,
  })
  status?: string;

  @ApiPropertyOptional({ description: 'Only posts going to this social account' })
  @IsOptional()
  @IsUUID()
  account?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaign?: string;

  @ApiPropertyOptional({ description: 'Also list posts with no date yet', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  unscheduled?: 'true' | 'false';

  @ApiPropertyOptional({
    type: 'integer',
    default: 2000,
    minimum: 0,
    maximum: 5000,
    description: 'Larger values count as 5000',
  })
  @IsOptional()
  @Matches(/^\d+$/, { message: 'limit must be a whole number' })
  limit?: string;
}

export const statusesOf = (query: PostQueryDto): PostStatus[] | undefined =>
  query.status?.split(',') as PostStatus[] | undefined;

export class ApproveDto {
  @ApiProperty({ description: 'The contentHash of the post as the reviewer saw it' })
  @IsString()
  @Matches(/^[a-f0-9]{64}$/, { message: 'contentHash must be a SHA-256 hex string' })
  contentHash: string;

  @ApiPropertyOptional({ type: () => [OverrideDto], description: 'A justification for each PHI warning' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OverrideDto)
  overrides?: OverrideDto[];

  @ApiPropertyOptional({ type: [String], description: 'Patient authorizations this post relies on' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  authorizationIds?: string[];
}

export class OverrideDto {
  @ApiProperty() @IsString() @MaxLength(100) rule: string;
  @ApiProperty({ enum: NETWORKS }) @IsIn(NETWORKS) network: string;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) start: number;
  @ApiProperty({ minLength: 10 }) @IsString() @MinLength(10) @MaxLength(2000) justification: string;
}

export class CommentDto {
  @ApiProperty({ example: 'Please use the new flu clinic date.' })
  @IsString()
  @MinLength(3)
  @MaxLength(5000)
  comment: string;
}

export class RejectDto {
  @ApiProperty({ example: 'Names a patient next to their treatment.' })
  @IsString()
  @MinLength(3)
  @MaxLength(5000)
  reason: string;
}

export class NewCommentDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  body: string;
}

export class MarkDto {
  @ApiProperty({ example: 'Removed from Facebook by hand on 2026-12-02' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  note: string;
}

/** Every value of the object is a string of at most 2,000 characters, and every key a variable name. */
function ValidateStringRecord(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isStringRecord',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          Object.entries(value).length <= 50 &&
          Object.entries(value).every(
            ([k, v]) => /^[a-z][a-z0-9_]{0,47}$/.test(k) && typeof v === 'string' && v.length <= 2000,
          ),
        defaultMessage: () => `${propertyName} must map lower_snake_case names to text values`,
      },
    });
}

export class RetryDto {
  @ApiPropertyOptional({ description: 'One network of the post (a target id); leave out to retry every failed one' })
  @IsOptional()
  @IsUUID('all', { message: 'targetId must be the id of one of the post’s networks (a UUID)' })
  targetId?: string;
}
