import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedCreatedDto {
  @ApiProperty({
    example: 'https://planner.example-dental.com/api/calendar.ics?token=q3J0…',
    description:
      'Shown once: the address to subscribe to in Outlook, Google or Apple Calendar. Anyone with it can read the calendar; rotate it if it leaks.',
  })
  url: string;

  @ApiProperty({
    example: 'webcal://planner.example-dental.com/api/calendar.ics?token=q3J0…',
    description: 'The same address with webcal://, which opens the calendar app directly',
  })
  webcalUrl: string;
}

export class CalendarFeedStatusDto {
  @ApiProperty({
    description: 'Whether the signed-in user has a calendar feed address (the address itself is never shown again)',
  })
  active: boolean;
}
