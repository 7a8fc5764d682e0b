import { Network, NETWORKS } from '@app/publishing';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ACCOUNT_STATUSES, AccountView, PageChoice } from '@app/accounts';
import { OptionalNotNull } from '../http/validation';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class NetworkParamDto {
  @ApiProperty({ enum: NETWORKS })
  @IsIn(NETWORKS, { message: `network must be one of ${NETWORKS.join(', ')}` })
  network: Network;
}

/** Networks where one sign-in can offer several accounts to choose from. */
export const PICK_NETWORKS = ['facebook', 'linkedin', 'instagram', 'google_business'] as const;

export class PickNetworkParamDto {
  @ApiProperty({ enum: PICK_NETWORKS })
  @IsIn(PICK_NETWORKS, { message: `network must be one of ${PICK_NETWORKS.join(', ')}` })
  network: Network;
}

/** A token entered by hand. It is verified with the network before anything is stored. */
export class CreateAccountDto {
  @ApiProperty({ enum: NETWORKS })
  @IsIn(NETWORKS, { message: `network must be one of ${NETWORKS.join(', ')}` })
  network: Network;

  @ApiProperty({
    description:
      'Facebook: the Page access token (not a user token). Instagram: the token of the Facebook Page it is linked to. LinkedIn/X/Google: the OAuth 2.0 access token. Never returned.',
    writeOnly: true,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  accessToken: string;

  @ApiPropertyOptional({
    description: 'LinkedIn/X/Google refresh token, so the app can renew the access token. Never returned.',
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  refreshToken?: string;

  @ApiPropertyOptional({
    example: '100000000000101',
    description:
      'Facebook Page id, LinkedIn organization id, X user id (X: taken from /2/users/me when omitted), Instagram professional account id, Google location accounts/{a}/locations/{l} (Google: optional when the token manages one location)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_:./-]+$/, { message: 'externalAccountId may contain letters, digits and _ : . / -' })
  externalAccountId?: string;

  @ApiPropertyOptional({
    example: 'Bright Smiles Dental',
    description: 'Shown in the app (default: the name the network gives)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '2027-01-31T00:00:00Z', description: 'When the access token expires, if known' })
  @IsOptional()
  @IsISO8601({ strict: true })
  tokenExpiresAt?: string;
}

export class CadenceWindowDto {
  @ApiProperty({ example: [1, 2, 3, 4, 5], description: '1 = Monday … 7 = Sunday' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days: number[];

  @ApiProperty({ example: '08:00', description: "Local time in the practice's zone" })
  @Matches(TIME, { message: 'from must be a time like 08:00' })
  from: string;

  @ApiProperty({ example: '18:00' })
  @Matches(TIME, { message: 'to must be a time like 18:00' })
  to: string;
}

export class CadenceDto {
  @ApiProperty({ example: 3, minimum: 0, maximum: 50 })
  @IsInt()
  @Min(0)
  @Max(50)
  minPostsPerWeek: number;

  @ApiProperty({
    example: 4,
    minimum: 1,
    maximum: 90,
    description: 'Alert when the account would go this many days without a post',
  })
  @IsInt()
  @Min(1)
  @Max(90)
  maxGapDays: number;

  @ApiProperty({ type: [CadenceWindowDto] })
  @IsArray()
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => CadenceWindowDto)
  windows: CadenceWindowDto[];
}

export class UpdateAccountDto {
  @ApiPropertyOptional({ example: 'Bright Smiles Dental' })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: CadenceDto, nullable: true, description: 'null removes the cadence' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CadenceDto)
  cadence?: CadenceDto | null;

  @ApiPropertyOptional({ description: 'Fill cadence gaps with approved evergreen posts' })
  @OptionalNotNull()
  @IsBoolean()
  evergreenFill?: boolean;
}

export class PickQueryDto {
  @ApiProperty({ description: 'The pick id from the redirect to /accounts?pick=…' })
  @IsString()
  @MaxLength(128)
  pick: string;
}

export class ChoosePagesDto {
  @ApiProperty()
  @IsString()
  @MaxLength(128)
  pick: string;

  @ApiProperty({ type: [String], description: 'Ids of the offered pages to connect' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  pageIds: string[];
}

export class PageChoiceDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: String, nullable: true }) handle: string | null;
}

export class PageChoicesDto {
  @ApiProperty({ enum: PICK_NETWORKS }) network: Network;
  @ApiProperty() pick: string;
  @ApiProperty({ type: [PageChoiceDto] }) pages: PageChoiceDto[];

  static of(network: Network, pick: string, pages: PageChoice[]): PageChoicesDto {
    return { network, pick, pages: pages.map((p) => ({ id: p.id, name: p.name, handle: p.handle })) };
  }
}

/** An account as the API shows it: never a token. */
export class AccountDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NETWORKS }) network: Network;
  @ApiProperty({
    description:
      'Facebook Page id, LinkedIn organization id, X user id, Instagram account id, or Google location accounts/{a}/locations/{l}',
  })
  externalId: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '@brightsmiles' }) handle: string | null;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'When the network said the token ends' })
  tokenExpiresAt: string | null;
  @ApiProperty({
    enum: ['network', 'usual_lifetime', 'no_end_date'],
    description:
      "What is known of the token's end: the network said (tokenExpiresAt), only the network's usual lifetime (LinkedIn 60 days, X 2 hours; reconnectBy is counted from it), or no end date (a Facebook Page token)",
  })
  tokenExpiry: string;
  @ApiProperty({ description: 'The app renews the token by itself' }) refreshesAutomatically: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Reconnect before this, or it stops working' })
  reconnectBy: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastPublishedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The network's own words" }) lastError:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastErrorAt: string | null;
  @ApiPropertyOptional({ type: CadenceDto, nullable: true }) cadence: CadenceDto | null;
  @ApiProperty() evergreenFill: boolean;
  @ApiProperty({ description: 'Posts scheduled to this account (flagged on the calendar when it cannot publish)' })
  scheduledPosts: number;
  @ApiProperty({
    description:
      'Failed posts on this account that a retry can help (POST /api/accounts/{id}/retry-failed retries them all)',
  })
  failedPosts: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The Page's or account's picture as the network serves it (read at connect and by the daily check)",
  })
  pictureUrl: string | null;
  @ApiProperty({ example: 'Token expires in 12 days; it will be refreshed automatically.' }) health: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static of(a: AccountView): AccountDto {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      id: a.id,
      network: a.network,
      externalId: a.externalId,
      name: a.name,
      handle: a.handle,
      status: a.status,
      tokenExpiresAt: iso(a.tokenExpiresAt),
      tokenExpiry: a.tokenExpiry,
      refreshesAutomatically: a.refreshesAutomatically,
      reconnectBy: iso(a.reconnectBy),
      lastPublishedAt: iso(a.lastPublishedAt),
      lastError: a.lastError,
      lastErrorAt: iso(a.lastErrorAt),
      cadence: a.cadence,
      evergreenFill: a.evergreenFill,
      scheduledPosts: a.scheduledPosts,
      failedPosts: a.failedPosts,
      pictureUrl: a.pictureUrl,
      health: a.health,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}
