import { Module } from '@nestjs/common';

/** The server-rendered pages for practice staff (sign-in, calendar, compose, review, settings). */
@Module({})
export class WebModule {}
