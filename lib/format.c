/*
 * kvsnprintf: the printf-style formatter used by printk and every report.
 * It follows C99 vsnprintf for the conversions it knows (see lib/format.h),
 * and adds %pS for code addresses, like Linux's lib/vsprintf.c does.
 */
#include "lib/format.h"
#include "lib/string.h"

/* Where output goes: bytes beyond @size are only counted, never written. */
struct sink {
	char *buf;
	size_t size;
	size_t len; /* length of the full output so far */
};

enum {
	F_LEFT = 1 << 0,  /* '-' */
	F_ZERO = 1 << 1,  /* '0' */
	F_PLUS = 1 << 2,  /* '+' */
	F_SPACE = 1 << 3, /* ' ' */
	F_ALT = 1 << 4,	  /* '#' */
};

enum len_mod { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T };

/* One parsed conversion; width and prec are -1 when absent. */
struct spec {
	unsigned int flags;
	int width;
	int prec;
	enum len_mod len;
	char conv;
};

/* Keep one byte free for the terminating NUL, as vsnprintf does. */
static void put(struct sink *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_n(struct sink *o, char c, int n)
{
	for (; n > 0 && o->len + 1 < o->size; n--)
		put(o, c);
	/* Past the end only the length matters: a huge width costs nothing. */
	if (n > 0)
		o->len += (size_t)n;
}

static void put_str(struct sink *o, const char *s, size_t n)
{
	while (n--)
		put(o, *s++);
}

/* @v in hex with at least @min digits (leading zeros). */
static void put_hex(struct sink *o, u64 v, int min)
{
	int digits = 1;

	while (digits < 16 && (v >> (4 * digits)) != 0)
		digits++;
	put_n(o, '0', min - digits);
	while (digits--)
		put(o, "0123456789abcdef"[(v >> (4 * digits)) & 0xf]);
}

/* A decimal field width or precision, saturating rather than overflowing. */
static int parse_decimal(const char **f)
{
	int v = 0;

	for (; kisdigit(**f); (*f)++)
		v = v > (__INT_MAX__ - 9) / 10 ? __INT_MAX__
					       : v * 10 + (**f - '0');
	return v;
}

static const char *parse_flags(const char *f, unsigned int *flags)
{
	for (;; f++) {
		switch (*f) {
		case '-':
			*flags |= F_LEFT;
			break;
		case '0':
			*flags |= F_ZERO;
			break;
		case '+':
			*flags |= F_PLUS;
			break;
		case ' ':
			*flags |= F_SPACE;
			break;
		case '#':
			*flags |= F_ALT;
			break;
		default:
			return f;
		}
	}
}

/* A negative '*' width means '-' plus that width, as C specifies. */
static const char *parse_width(const char *f, struct spec *sp, va_list *ap)
{
	if (*f == '*') {
		int w = va_arg(*ap, int);

		if (w < 0) {
			sp->flags |= F_LEFT;
			w = w == -__INT_MAX__ - 1 ? __INT_MAX__ : -w;
		}
		sp->width = w;
		return f + 1;
	}
	if (kisdigit(*f))
		sp->width = parse_decimal(&f);
	return f;
}

/* A negative '*' precision counts as no precision at all. */
static const char *parse_prec(const char *f, struct spec *sp, va_list *ap)
{
	if (*f != '.')
		return f;
	f++;
	if (*f == '*') {
		int p = va_arg(*ap, int);

		sp->prec = p < 0 ? -1 : p;
		return f + 1;
	}
	sp->prec = parse_decimal(&f);
	return f;
}

static const char *parse_len(const char *f, enum len_mod *len)
{
	switch (*f) {
	case 'h':
		*len = f[1] == 'h' ? LEN_HH : LEN_H;
		return f + (f[1] == 'h' ? 2 : 1);
	case 'l':
		*len = f[1] == 'l' ? LEN_LL : LEN_L;
		return f + (f[1] == 'l' ? 2 : 1);
	case 'z':
		*len = LEN_Z;
		return f + 1;
	case 't':
		*len = LEN_T;
		return f + 1;
	default:
		*len = LEN_NONE;
		return f;
	}
}

/* Parse what follows a '%'; returns a pointer to the conversion letter. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	sp->flags = 0;
	sp->width = -1;
	sp->prec = -1;
	f = parse_flags(f, &sp->flags);
	f = parse_width(f, sp, ap);
	f = parse_prec(f, sp, ap);
	f = parse_len(f, &sp->len);
	sp->conv = *f;
	return f;
}

/* Fetch a signed argument; narrower types were promoted to int. */
static s64 arg_signed(enum len_mod len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z: /* the signed type of size_t's width */
		return (s64)va_arg(*ap, size_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static u64 arg_unsigned(enum len_mod len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T: /* the unsigned type of ptrdiff_t's width */
		return (u64)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Digits of @v, least significant first. Return: how many. */
static int to_digits(char *tmp, u64 v, int base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		tmp[n++] = set[v % (unsigned int)base];
		v /= (unsigned int)base;
	} while (v);
	return n;
}

/*
 * Lay out one integer: [spaces][sign or 0x][zeros][digits][spaces].
 * Precision is the minimum number of digits, so an explicit precision of 0
 * prints nothing for 0; '#' with %o instead forces a leading 0 digit.
 */
static void fmt_number(struct sink *o, const struct spec *sp, u64 mag,
		       char sign)
{
	int base = sp->conv == 'o' ? 8 : (sp->conv | 0x20) == 'x' ? 16 : 10;
	char tmp[24], pre[3];
	int nd = 0, np = 0, zeros, pad;

	if (mag || sp->prec != 0)
		nd = to_digits(tmp, mag, base, sp->conv == 'X');
	zeros = sp->prec > nd ? sp->prec - nd : 0;
	if (base == 8 && (sp->flags & F_ALT) && !zeros &&
	    (nd == 0 || tmp[nd - 1] != '0'))
		zeros = 1;
	if (sign)
		pre[np++] = sign;
	if (base == 16 && (sp->flags & F_ALT) && mag) {
		pre[np++] = '0';
		pre[np++] = sp->conv;
	}
	pad = sp->width - (np + zeros + nd);
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0 &&
	    pad > 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & F_LEFT))
		put_n(o, ' ', pad);
	put_str(o, pre, (size_t)np);
	put_n(o, '0', zeros);
	while (nd)
		put(o, tmp[--nd]);
	if (sp->flags & F_LEFT)
		put_n(o, ' ', pad);
}

static void fmt_signed(struct sink *o, const struct spec *sp, va_list *ap)
{
	s64 v = arg_signed(sp->len, ap);
	/* 0 - (u64)v is the magnitude even for INT64_MIN */
	u64 mag = v < 0 ? 0 - (u64)v : (u64)v;
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SPACE)
		sign = ' ';
	fmt_number(o, sp, mag, sign);
}

/* @n bytes of @s padded to the field width. */
static void fmt_padded(struct sink *o, const struct spec *sp, const char *s,
		       size_t n)
{
	int pad = sp->width - (int)MIN(n, (size_t)__INT_MAX__);

	if (!(sp->flags & F_LEFT))
		put_n(o, ' ', pad);
	put_str(o, s, n);
	if (sp->flags & F_LEFT)
		put_n(o, ' ', pad);
}

static void fmt_string(struct sink *o, const struct spec *sp, const char *s)
{
	if (!s)
		s = "(null)";
	fmt_padded(o, sp, s,
		   sp->prec < 0 ? strlen(s) : strnlen(s, (size_t)sp->prec));
}

/* What %p or %pS prints, before padding. */
struct ptr_text {
	unsigned long addr;
	const char *name; /* symbol for %pS, NULL for a bare address */
	unsigned long off, size;
};

static void put_ptr_text(struct sink *o, const struct ptr_text *pt)
{
	if (!pt->name) {
		put_str(o, "0x", 2);
		put_hex(o, pt->addr, 16);
		return;
	}
	put_str(o, pt->name, strlen(pt->name));
	put_str(o, "+0x", 3);
	put_hex(o, pt->off, 1);
	put_str(o, "/0x", 3);
	put_hex(o, pt->size, 1);
}

/*
 * %p and %pS. The text is measured with a sink that stores nothing, so the
 * padding can go first without a temporary buffer that might truncate a
 * long symbol name. Return: the format position after the conversion.
 */
static const char *fmt_pointer(struct sink *o, const struct spec *sp,
			       const void *p, const char *next)
{
	struct ptr_text pt = {.addr = (unsigned long)p};
	struct sink count = {NULL, 0, 0};
	unsigned long start = 0;
	int pad;

	if (*next == 'S') {
		next++;
		pt.name = ksym_lookup(pt.addr, &start, &pt.size);
		pt.off = pt.addr - start;
	}
	put_ptr_text(&count, &pt);
	pad = sp->width - (int)count.len;
	if (!(sp->flags & F_LEFT))
		put_n(o, ' ', pad);
	put_ptr_text(o, &pt);
	if (sp->flags & F_LEFT)
		put_n(o, ' ', pad);
	return next;
}

/* Format the conversion starting at the '%' at @start. Return: what follows. */
static const char *format_one(struct sink *o, const char *start, va_list *ap)
{
	struct spec sp;
	const char *f = parse_spec(start + 1, &sp, ap);
	char c;

	switch (*f) {
	case 'd':
	case 'i':
		fmt_signed(o, &sp, ap);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		fmt_number(o, &sp, arg_unsigned(sp.len, ap), 0);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		fmt_padded(o, &sp, &c, 1);
		break;
	case 's':
		fmt_string(o, &sp, va_arg(*ap, const char *));
		break;
	case 'p':
		return fmt_pointer(o, &sp, va_arg(*ap, const void *), f + 1);
	case '%':
		put(o, '%');
		break;
	case '\0': /* a lone '%' at the end: print what there is */
		put_str(o, start, (size_t)(f - start));
		return f;
	default: /* unknown: print it literally so the mistake shows */
		put_str(o, start, (size_t)(f + 1 - start));
		break;
	}
	return f + 1;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink o = {buf, size, 0};
	va_list args;

	/* A copy, because va_list cannot portably be passed by address. */
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%')
			put(&o, *fmt++);
		else
			fmt = format_one(&o, fmt, &args);
	}
	va_end(args);
	if (size)
		buf[MIN(o.len, size - 1)] = '\0';
	return o.len > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
