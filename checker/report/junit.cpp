#include "checker/report/junit.h"

#include <fmt/format.h>

#include <filesystem>

namespace stackrace::checker {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// utf8_length returns the length of the valid UTF-8 sequence starting at text[at] of a
// character XML 1.0 allows (no surrogates, no U+FFFE/U+FFFF), or 0.
std::size_t utf8_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char b = byte(at);
    std::size_t n = 0;
    char32_t c = 0;
    if (b >= 0xC2 && b <= 0xDF)
        n = 2, c = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF)
        n = 3, c = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4)
        n = 4, c = b & 0x07;
    else
        return 0;
    if (at + n > text.size()) return 0;
    for (std::size_t i = 1; i < n; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
        c = (c << 6) | (byte(at + i) & 0x3F);
    }
    const char32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF)
        return 0;
    return n;
}

std::string seconds(double s) { return fmt::format("{:.3f}", s); }

const char* failure_type(RowStatus s) {
    switch (s) {
        case RowStatus::Pass: return "";
        case RowStatus::Mismatch: return "mismatch";
        case RowStatus::Incomplete: return "incomplete";
        case RowStatus::DifferentOutcome: return "different-outcome";
        case RowStatus::Stale: return "no-longer-fits";
    }
    return "";
}

std::string testcase(const CheckRow& row) {
    const std::string name = row.kind == RowKind::Scenario
                                 ? row.variant
                                 : std::filesystem::path(row.file).filename().string();
    std::string out =
        fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
                    xml_escape(name, true), xml_escape(row.file, true), seconds(row.seconds));
    if (row.passed()) return out + "/>\n";
    const std::string body = fmt::format(
        "{}: {}\n{}: {}\n{}\nreplay: {}\n", row.kind == RowKind::Scenario ? "expected" : "recorded",
        row.expected, row.kind == RowKind::Scenario ? "got" : "replayed", row.got, row.reason,
        row.command);
    out += fmt::format(
        ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
        xml_escape(row.reason, true), failure_type(row.status), xml_escape(body, false));
    return out;
}

}  // namespace

std::string xml_escape(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            const std::size_t n = utf8_length(text, i);
            if (n == 0) {
                out += kReplacement;
                ++i;
            } else {
                out.append(text.substr(i, n));
                i += n;
            }
            continue;
        }
        ++i;
        switch (c) {
            case '&': out += "&amp;"; continue;
            case '<': out += "&lt;"; continue;
            case '>': out += "&gt;"; continue;
            case '"': out += attribute ? "&quot;" : "\""; continue;
            case '\'': out += attribute ? "&apos;" : "'"; continue;
            case '\t': out += attribute ? "&#9;" : "\t"; continue;
            case '\n': out += attribute ? "&#10;" : "\n"; continue;
            case '\r': out += "&#13;"; continue;  // a raw CR would be read back as a line feed
            default: break;
        }
        if (u < 0x20)
            out += kReplacement;  // XML 1.0 has no way to write these
        else
            out += c;
    }
    return out;
}

std::string format_junit(const CheckReport& r) {
    double total = 0;
    for (const CheckRow& row : r.rows) total += row.seconds;
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format(
        "<testsuites name=\"stackrace check\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
        "time=\"{}\">\n",
        r.rows.size(), r.failures(), seconds(total));
    // Rows of one file are adjacent (sorted by file), so each run of them is one suite.
    for (std::size_t begin = 0; begin < r.rows.size();) {
        std::size_t end = begin;
        std::size_t failures = 0;
        double time = 0;
        for (; end < r.rows.size() && r.rows[end].file == r.rows[begin].file &&
               r.rows[end].kind == r.rows[begin].kind;
             ++end) {
            failures += r.rows[end].passed() ? 0 : 1;
            time += r.rows[end].seconds;
        }
        out += fmt::format(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" "
            "time=\"{}\">\n",
            xml_escape(r.rows[begin].file, true), end - begin, failures, seconds(time));
        for (std::size_t i = begin; i < end; ++i) out += testcase(r.rows[i]);
        out += "  </testsuite>\n";
        begin = end;
    }
    out += "</testsuites>\n";
    return out;
}

}  // namespace stackrace::checker
