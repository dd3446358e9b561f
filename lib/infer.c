#include "infer.h"

int
infer_contract(const char *path, const struct reader_opts *ro,
    struct output *out, struct mlo_error *e)
{
	(void)path; (void)ro; (void)out;
	return error_set(e, "--infer is not written yet");
}
