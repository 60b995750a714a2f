// Test support: the SFML events a real keyboard produces for typed text, on a US layout and on a
// French AZERTY one, as SFML 2.5 reports them under X11: a KeyPressed whose key code comes from
// the key's unshifted symbol (so AZERTY's digit row reports '&', 'é', '"', ''', '(' , '-', …
// — Unknown, Quote, Hyphen — with Shift held for the digit), then a TextEntered with the
// character. A screen that reads text from key codes types nothing (or the wrong thing) on
// AZERTY; one that reads TextEntered types the same on both.
#pragma once

#include <SFML/Window/Event.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace stipple::test {

enum class KeyboardLayout { Us, FrenchAzerty };

inline sf::Event keyEvent(sf::Keyboard::Key code, bool shift = false, bool control = false) {
    sf::Event e;
    e.type = sf::Event::KeyPressed;
    e.key = {code, false, control, shift, false};
    return e;
}

inline sf::Event textEvent(char32_t c) {
    sf::Event e;
    e.type = sf::Event::TextEntered;
    e.text.unicode = static_cast<sf::Uint32>(c);
    return e;
}

/// The events of typing `text` (ASCII digits, letters, space, '.', ',', '-') on `layout`.
inline std::vector<sf::Event> typeText(const std::string& text, KeyboardLayout layout) {
    // AZERTY's digit row, unshifted symbols as SFML 2.5 maps them: & é " ' ( - è _ ç à.
    static const sf::Keyboard::Key kAzertyDigitRow[10] = {
        sf::Keyboard::Unknown /*à*/, sf::Keyboard::Unknown /*&*/, sf::Keyboard::Unknown /*é*/,
        sf::Keyboard::Unknown /*"*/, sf::Keyboard::Quote /*'*/,   sf::Keyboard::Unknown /*(*/,
        sf::Keyboard::Hyphen /*-*/,  sf::Keyboard::Unknown /*è*/, sf::Keyboard::Unknown /*_*/,
        sf::Keyboard::Unknown /*ç*/};
    std::vector<sf::Event> out;
    for (const char c : text) {
        const bool azerty = layout == KeyboardLayout::FrenchAzerty;
        if (c >= '0' && c <= '9') {
            const int d = c - '0';
            out.push_back(azerty ? keyEvent(kAzertyDigitRow[d], true)
                                 : keyEvent(sf::Keyboard::Key(sf::Keyboard::Num0 + d)));
        } else if (c >= 'a' && c <= 'z') {
            // AZERTY swaps a/q and z/w and moves m; the letter's own key code follows its symbol.
            out.push_back(keyEvent(sf::Keyboard::Key(sf::Keyboard::A + (c - 'a'))));
        } else if (c >= 'A' && c <= 'Z') {
            out.push_back(keyEvent(sf::Keyboard::Key(sf::Keyboard::A + (c - 'A')), true));
        } else if (c == ' ') {
            out.push_back(keyEvent(sf::Keyboard::Space));
        } else if (c == '.') {
            // AZERTY: Shift + the ';' key.
            out.push_back(azerty ? keyEvent(sf::Keyboard::Semicolon, true) : keyEvent(sf::Keyboard::Period));
        } else if (c == ',') {
            out.push_back(keyEvent(sf::Keyboard::Comma));
        } else if (c == '-') {
            // AZERTY: the unshifted 6 key.
            out.push_back(keyEvent(sf::Keyboard::Hyphen));
        } else {
            throw std::invalid_argument(std::string("typeText: no key for '") + c + "'");
        }
        out.push_back(textEvent(static_cast<unsigned char>(c)));
    }
    return out;
}

} // namespace stipple::test
