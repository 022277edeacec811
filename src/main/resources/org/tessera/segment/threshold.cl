// The mask of a threshold range: 255 where lower <= src <= upper (compared in float), 0 elsewhere.
__kernel void in_range(__global const float* src, __global float* dst, const float lower, const float upper, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const float v = src[i];
  dst[i] = (v >= lower && v <= upper) ? 255.0f : 0.0f;
}
