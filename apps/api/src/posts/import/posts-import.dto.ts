import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PostDto } from '../post-view.dto';

export class ImportPostsBodyDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'A UTF-8 CSV file (at most 1 MB and 1,000 posts) with the header row date,time,networks,text,campaign. ' +
      'date is YYYY-MM-DD and time HH:mm (24-hour), both in the practice’s time zone; for an hour that happens twice when the clocks go back, add the offset (01:30-05:00). ' +
      'networks: facebook, linkedin, x (several separated by ";"), each meaning the practice’s one account on that network, or network:<account name> when it has several. ' +
      'text may use template variables such as {{practice.phone}}; campaign is optional.',
  })
  file: unknown;
}

export class ImportProblemDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'The row as a spreadsheet numbers it (the header is row 1); null for the file as a whole',
    example: 3,
  })
  row: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: ['date', 'time', 'networks', 'text', 'campaign'],
    example: 'time',
  })
  column: string | null;

  @ApiProperty({
    example:
      '02:30 on 2027-03-14 does not exist in America/New_York: the clocks go forward that night. Pick 03:00 or later, or an earlier time.',
  })
  message: string;

  @ApiPropertyOptional({ enum: ['nonexistent_local_time', 'ambiguous_local_time'] })
  reason?: string;
}

export class ImportRefusedDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ example: '2 rows have problems; nothing was imported. Fix them and upload the file again.' })
  message: string;
  @ApiProperty({ type: [ImportProblemDto] }) errors: ImportProblemDto[];
}

export class ImportedPostsDto {
  @ApiProperty({ description: 'How many drafts were created (every row of the file)' })
  created: number;

  @ApiProperty({ type: [PostDto], description: 'The new drafts, in the order of the file' })
  posts: PostDto[];
}
