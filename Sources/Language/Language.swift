// The Folio language: lexer, parser, static checks, interpreter and built-ins (SPEC §2-§4).
