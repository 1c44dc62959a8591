// The browser's IANA time zone ("Asia/Seoul", "America/New_York"), asked once per circuit by ReaderTimeZone.cs.
export function readerTimeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
